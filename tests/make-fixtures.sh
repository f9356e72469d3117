#!/bin/sh
# make-fixtures.sh SRCDIR OUTDIR MAKE_PDF: builds the reader test fixtures
# with independent tools: NAME.docx.md and NAME.html.md through pandoc,
# NAME.pdf.md through make-pdf (cairo); and encrypted.pdf, one of them
# locked with a password by qpdf.  Exits 77 (skip) when a tool is missing,
# naming it.
set -eu
src=$1 out=$2 makepdf=$3
command -v pandoc >/dev/null 2>&1 || { echo "make-fixtures: pandoc not installed (apt-get install pandoc)" >&2; exit 77; }
command -v qpdf >/dev/null 2>&1 || { echo "make-fixtures: qpdf not installed (apt-get install qpdf)" >&2; exit 77; }
[ -x "$makepdf" ] || { echo "make-fixtures: $makepdf not built (needs libcairo2-dev)" >&2; exit 77; }
mkdir -p "$out"
for f in "$src"/*.md; do
    base=$(basename "$f" .md)
    target="$out/$base"
    [ -e "$target" ] && [ "$target" -nt "$f" ] && continue
    case $base in
    # fontconfig keeps caches until exit: not our leaks to report
    *.pdf) ASAN_OPTIONS=detect_leaks=0 "$makepdf" "$f" "$target" ;;
    *.docx) pandoc -f markdown -t docx -o "$target" "$f" ;;
    *.html) pandoc -s -f markdown -t html -o "$target" "$f" ;;
    *) echo "make-fixtures: $f: name must end in .pdf.md, .docx.md or .html.md" >&2; exit 1 ;;
    esac
done
[ -e "$out/encrypted.pdf" ] ||
    qpdf --encrypt secret secret 256 -- "$out/ilacs-leeds.pdf" "$out/encrypted.pdf"
