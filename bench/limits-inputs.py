#!/usr/bin/env python3
"""bench/limits-inputs.py DIR: writes the hostile inputs of issue 15's table
into DIR (bench/limits measures them).  Everything is generated: random
words, not documents.  Sizes can be scaled down with LIMITS_SCALE (0.1 =
a tenth of each size) to show growth."""
import os
import random
import sys
import zipfile

out = sys.argv[1]
scale = float(os.environ.get("LIMITS_SCALE", "1"))
os.makedirs(out, exist_ok=True)
rng = random.Random(15)
letters = "abcdefghijklmnopqrstuvwxyz"
vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
         for _ in range(50000)]


def prose(nbytes, path):
    """Paragraphs of random words, nbytes long, written in 1 MB pieces."""
    with open(path, "w") as f:
        done = 0
        while done < nbytes:
            words = rng.choices(vocab, k=20000)
            lines = [" ".join(words[i:i + 12]) + ".\n"
                     for i in range(0, len(words), 12)]
            piece = "".join(l + ("\n" if i % 8 == 7 else "")
                            for i, l in enumerate(lines))
            piece = piece[:nbytes - done]
            f.write(piece)
            done += len(piece)


def sub(name):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    return d


prose(int(200e6 * scale), os.path.join(sub("text200"), "big.txt"))
for i in (1, 2):
    prose(int(50e6 * scale), os.path.join(sub("text2x50"), "half%d.txt" % i))

# A DOCX whose document.xml is many short runs of the same few words: it
# compresses about 300 to 1, so 225 KB unzips to tens of megabytes.
para = ("<w:p><w:r><w:t>The service </w:t></w:r><w:r><w:t>improved "
        "</w:t></w:r><w:r><w:t>for children.</w:t></w:r></w:p>")
body = para * int(600000 * scale)
docx = os.path.join(sub("docx"), "expands.docx")
with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("word/document.xml",
               '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
               'wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>")

# A PDF of N empty pages sharing one empty content stream.
pages = int(os.environ.get("LIMITS_PDF_PAGES", str(int(1000000 * scale))))
pdf = os.path.join(sub("pdf"), "empty-pages.pdf")
with open(pdf, "wb") as f:
    offsets = []

    def obj(num, text):
        offsets.append((num, f.tell()))
        f.write(b"%d 0 obj\n" % num + text + b"\nendobj\n")
    f.write(b"%PDF-1.4\n")
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    obj(2, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids))
    obj(3, b"<< /Length 0 >>\nstream\n\nendstream")
    for i in range(pages):
        obj(4 + i, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
    xref = f.tell()
    f.write(b"xref\n0 %d\n0000000000 65535 f \n" % (pages + 4))
    for _, off in sorted(offsets):
        f.write(b"%010d 00000 n \n" % off)
    f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (pages + 4, xref))

# HTML nested 7 MB deep: <div> inside <div>, a few words in each.
depth = int(7e6 * scale) // 25
with open(os.path.join(sub("html"), "deep.html"), "w") as f:
    f.write("<html><head><title>Deep</title></head><body>")
    for i in range(depth):
        f.write("<div>%s %s " % (vocab[i % 50000], vocab[(i * 7) % 50000]))
    f.write("end" + "</div>" * depth + "</body></html>")

with open(os.path.join(sub("formfeeds"), "pages.txt"), "w") as f:
    f.write("a few words\n" + "\f\n" * int(1000000 * scale))

# 5,000 documents of varied words for the query rows.
corpus = sub("corpus")
for i in range(5000):
    with open(os.path.join(corpus, "doc%04d.txt" % i), "w") as f:
        f.write("# " + " ".join(rng.choices(vocab, k=6)) + "\n\n")
        for s in range(4):
            f.write("## " + " ".join(rng.choices(vocab, k=3)) + "\n\n")
            f.write(" ".join(rng.choices(vocab, k=120)) + ".\n\n")

with open(os.path.join(out, "nested.q"), "w") as f:
    n = 40000
    f.write("".join("(a %s " % ("AND" if i % 2 else "OR") for i in range(n))
            + "b" + ")" * n + "\n")
with open(os.path.join(out, "or10k.q"), "w") as f:
    f.write(" OR ".join(vocab[:10000]) + "\n")
with open(os.path.join(out, "megabyte.q"), "w") as f:
    f.write(" ".join(rng.choices(vocab, k=150000))[:1000000] + "\n")
with open(os.path.join(out, "like1m.txt"), "w") as f:
    f.write(" ".join(rng.choices(vocab, k=150000))[:1000000] + "\n")
