// xapian-compounds.cc: a word written with hyphens ("well-being",
// "co-production", "front-line") found however a document writes it:
// hyphenated, closed up ("wellbeing") or, where no part is a stopword,
// spaced.  The writer gives each hyphenated compound, beside its parts,
// each run of its parts joined, at the run's first part's position
// ("well-being-focused": "wellbeing", "beingfocused", "wellbeingfocused");
// the parser lets a phrase's run of words (a hyphenated word is a phrase
// to it) be their joined form where the index holds it, the phrase's
// window kept, so that "emotional well-being services" finds both
// spellings.
//
// Why: "being" is a stopword, stored without positions, so "well-being"
// was searched as "well" (nearly every document); and the closed and the
// hyphenated spellings of one word were two words.

#include "xapian-internal.hh"

namespace xcw {

namespace {

// Parts a compound may have ("face-to-face", "up-to-date"); one with more
// is left as it is.
constexpr size_t max_parts = 4;
// TermGenerator's longest word (its max_word_length default).
constexpr size_t max_joined = 64;

bool letter(unsigned ch) {
    switch (Xapian::Unicode::get_category(ch)) {
    case Xapian::Unicode::UPPERCASE_LETTER:
    case Xapian::Unicode::LOWERCASE_LETTER:
    case Xapian::Unicode::TITLECASE_LETTER:
    case Xapian::Unicode::MODIFIER_LETTER:
    case Xapian::Unicode::OTHER_LETTER:
        return true;
    default:
        return false;
    }
}

bool hyphen(unsigned ch) {
    return ch == '-' || ch == 0x2010 || ch == 0x2011;
}

// Whether a word may start after ch without the term generator reading
// ch as part of the word before (an apostrophe, "&", a full stop or a
// comma between letters or digits): the text can be cut there.
bool cuts_before(unsigned ch) {
    if (Xapian::Unicode::is_wordchar(ch) || hyphen(ch)) return false;
    switch (ch) {
    case '\'': case 0x2019: case 0x201b: case '&': case '.': case ',': case '+': case '#':
    case '@':
        return false;
    default:
        return true;
    }
}

struct Compound {
    std::vector<std::string> parts; // lower case
    std::vector<size_t> from, to;   // each part's bytes in the text
};

// The compound starting at it (just after a code point that cuts_before),
// advancing it past what was read; false if none starts there.
bool read_compound(Xapian::Utf8Iterator &it, const char *base, Compound &c) {
    c.parts.clear();
    c.from.clear();
    c.to.clear();
    size_t bytes = 0;
    bool ok = true;
    for (;;) {
        std::string part;
        c.from.push_back(static_cast<size_t>(it.raw() - base));
        while (it != Xapian::Utf8Iterator() && Xapian::Unicode::is_wordchar(*it)) {
            if (!letter(*it)) ok = false;
            Xapian::Unicode::append_utf8(part, Xapian::Unicode::tolower(*it));
            ++it;
        }
        if (part.empty()) return false; // a hyphen ends the text, or two in a row
        bytes += part.size();
        c.parts.push_back(std::move(part));
        c.to.push_back(static_cast<size_t>(it.raw() - base));
        if (it == Xapian::Utf8Iterator() || !hyphen(*it)) break;
        Xapian::Utf8Iterator next = it;
        ++next;
        if (next == Xapian::Utf8Iterator() || !Xapian::Unicode::is_wordchar(*next)) break;
        it = next;
    }
    return ok && c.parts.size() >= 2 && c.parts.size() <= max_parts && bytes <= max_joined;
}

// The term the term generator makes of word under prefix (STEM_ALL_Z).
std::string stem_term(const Xapian::Stem &stem, const std::string &prefix,
                      const std::string &word) {
    return "Z" + prefix + stem(word);
}

// Where the code point of text ending just before byte at begins.
size_t before(const std::string &text, size_t at) {
    size_t from = at - 1;
    while (from && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) from--;
    return from;
}

// The code point of text ending just before byte at (a space at the start).
unsigned code_point_before(const std::string &text, size_t at) {
    if (!at) return ' ';
    size_t from = before(text, at);
    return *Xapian::Utf8Iterator(text.data() + from, at - from);
}

// Whether a word starting at byte start of text is one to the term
// generator: what is before it cuts_before, or joins only between word
// characters and has none before it ("'co-production'").
bool cuts_at(const std::string &text, size_t start) {
    unsigned cp = code_point_before(text, start);
    if (cuts_before(cp)) return true;
    if (Xapian::Unicode::is_wordchar(cp) || hyphen(cp)) return false;
    return !Xapian::Unicode::is_wordchar(code_point_before(text, before(text, start)));
}

// Calls fn(c) for each compound of text, in order.  Only the words around
// a hyphen are read: most text has none.
template <typename F> void each_compound(const std::string &text, F fn) {
    const char *base = text.data();
    size_t done = 0; // text before it is read
    Compound c;
    for (size_t h; (h = text.find('-', done)) != std::string::npos;) {
        // the start of the word before the hyphen
        size_t start = h;
        while (start > done && before(text, start) >= done &&
               Xapian::Unicode::is_wordchar(code_point_before(text, start)))
            start = before(text, start);
        if (start == h || !cuts_at(text, start)) {
            done = h + 1;
            continue;
        }
        Xapian::Utf8Iterator it(base + start, text.size() - start);
        // past the word and its hyphens either way, so that its tail is
        // no start
        bool found = read_compound(it, base, c);
        done = static_cast<size_t>(it.raw() - base);
        if (done <= h) done = h + 1;
        if (found) fn(c);
    }
}

}  // namespace

void index_compounds(Xapian::TermGenerator &tg, const Xapian::Stem &stem,
                     const std::string &text, const std::string &prefix) {
    if (text.find('-') == std::string::npos) { // most text: no compound, no copy
        tg.index_text(text, 1, prefix);
        return;
    }
    size_t from = 0;
    each_compound(text, [&](const Compound &c) {
        // the words before it, then its own: its first part comes next
        tg.index_text(text.substr(from, c.from[0] - from), 1, prefix);
        from = c.from[0];
        // every run of two parts or more, at its first part's position
        // and (no more wdf) its last's: "well-being-focused" is
        // "wellbeing" too, and a phrase finds the joined word beside what
        // stands either side of the compound ("multiagency working" in
        // "multi-agency working", "emotional wellbeing" in "emotional
        // well-being")
        Xapian::Document doc = tg.get_document(); // a handle: the same document
        const Xapian::termpos first = tg.get_termpos() + 1;
        for (size_t i = 0; i + 1 < c.parts.size(); i++) {
            std::string joined = c.parts[i];
            for (size_t k = i + 1; k < c.parts.size(); k++) {
                joined += c.parts[k];
                const std::string term = stem_term(stem, prefix, joined);
                doc.add_posting(term, first + static_cast<Xapian::termpos>(i));
                doc.add_posting(term, first + static_cast<Xapian::termpos>(k), 0);
            }
        }
    });
    tg.index_text(text.substr(from), 1, prefix);
}

namespace {
// Xapian's term generator reads a word through a zero-width space (it
// ignores it, as it does U+200C, U+200D and U+FEFF).
const std::string zwsp = "\xE2\x80\x8B";
}  // namespace

std::string snippet_joining(const Xapian::MSet &m, const Xapian::Stem &stem,
                            const std::string &text) {
    if (text.find('-') == std::string::npos) return text;
    auto wanted = [&](const std::string &term) {
        try {
            return m.get_termweight(term) > 0;
        } catch (const Xapian::InvalidArgumentError &) { // no term of the query
            return false;
        }
    };
    std::string out;
    size_t done = 0;
    each_compound(text, [&](const Compound &c) {
        // its longest run of parts that the query asks for joined
        for (size_t len = c.parts.size(); len >= 2; len--)
            for (size_t i = 0; i + len <= c.parts.size(); i++) {
                std::string joined;
                for (size_t k = i; k < i + len; k++) joined += c.parts[k];
                if (!wanted(stem_term(stem, "", joined))) continue;
                for (size_t k = i; k + 1 < i + len; k++) { // each hyphen of the run
                    out.append(text, done, c.to[k] - done);
                    out += zwsp;
                    done = c.from[k + 1];
                }
                return;
            }
    });
    out.append(text, done, std::string::npos);
    return out;
}

std::string snippet_unjoined(const std::string &snippet) {
    std::string out;
    size_t done = 0;
    for (size_t at; (at = snippet.find(zwsp, done)) != std::string::npos; done = at + zwsp.size())
        out.append(snippet, done, at - done) += '-';
    return out.append(snippet, done, std::string::npos);
}

std::vector<std::vector<std::string>> hyphenated_words(const std::string &text) {
    std::vector<std::vector<std::string>> out;
    each_compound(text, [&](const Compound &c) { out.push_back(c.parts); });
    return out;
}

namespace {

// joined_compounds of phrase q: apart, so that the recursion over a deep
// query (2,048 NOTs) keeps a small frame.
__attribute__((noinline)) Xapian::Query joined_phrase(
    const Xapian::QueryParser &qp, const Xapian::Database &db,
    const std::vector<std::vector<std::string>> &written, const Xapian::Query &q) {
    size_t n = q.get_num_subqueries();
    std::vector<std::string> terms, words;
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = q.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM) return q;
        terms.push_back(*sub.get_terms_begin());
        auto w = qp.unstem_begin(terms.back());
        if (w == qp.unstem_end(terms.back())) return q;
        words.push_back(Xapian::Unicode::tolower(*w));
    }
    // a phrase's terms share their field's prefix: "Z", then capitals
    size_t plen = 1;
    while (plen < terms[0].size() && terms[0][plen] >= 'A' && terms[0][plen] <= 'Z') plen++;
    const std::string prefix = terms[0].substr(1, plen - 1);
    // the runs of 2 to max_parts words the index holds joined, the most
    // common first (then the longest: "facetoface", not "faceto"), none
    // overlapping one taken before: "health and well-being" is
    // "wellbeing", not a rare "andwell"
    const Xapian::Stem english(ENGLISH);
    struct Run {
        size_t from, len;
        std::string term;
        Xapian::doccount freq;
    };
    // a run is a compound the query wrote with hyphens, words of which
    // none is a stopword ("front line": not "health and"), or, in a phrase
    // that its stopwords would leave one word ("well being", "the well
    // being" are "well" as a phrase: nearly every document), a run with
    // that word (not "to be", all stopwords: "tobe" of "to-be-agreed")
    size_t positioned_words = 0;
    for (size_t k = 0; k < n; k++) positioned_words += !unpositioned(terms[k]);
    auto candidate = [&](size_t i, size_t l) {
        size_t stop = 0;
        for (size_t k = i; k < i + l; k++) stop += unpositioned(terms[k]);
        if (!stop || (positioned_words == 1 && stop < l)) return true;
        for (const auto &parts : written)
            for (size_t o = 0; o + l <= parts.size(); o++)
                if (std::equal(parts.begin() + o, parts.begin() + o + l, words.begin() + i))
                    return true;
        return false;
    };
    std::vector<Run> runs;
    for (size_t i = 0; i < n; i++) {
        std::string word = words[i];
        for (size_t l = 2; l <= max_parts && i + l <= n; l++) {
            word += words[i + l - 1];
            if (word.size() > max_joined) break;
            if (!candidate(i, l)) continue;
            std::string t = stem_term(english, prefix, word);
            if (Xapian::doccount f = db.get_termfreq(t)) runs.push_back({i, l, t, f});
        }
    }
    if (runs.empty()) return q;
    std::stable_sort(runs.begin(), runs.end(), [](const Run &a, const Run &b) {
        return a.freq != b.freq ? a.freq > b.freq : a.len > b.len;
    });
    std::vector<const Run *> at(n, nullptr); // the run taken starting at each word
    std::vector<bool> used(n, false);
    bool stopped = false;
    for (const Run &r : runs) {
        bool free = true;
        for (size_t k = r.from; k < r.from + r.len; k++) free = free && !used[k];
        if (!free) continue;
        size_t positioned = 0;
        for (size_t k = r.from; k < r.from + r.len; k++) {
            used[k] = true;
            positioned += !unpositioned(terms[k]);
        }
        at[r.from] = &r;
        // a run whose stopwords leave it one word ("well-being": "well")
        // makes the phrase as written no phrase: "well ... support"
        stopped |= positioned < 2;
    }
    std::vector<Xapian::Query> joined;
    // the window as written, but for the parts of a compound that ends the
    // phrase: its joined form stands at its first part's position
    Xapian::termcount window = window_of(q);
    for (size_t i = 0; i < n;) {
        if (at[i]) {
            const size_t len = at[i]->len;
            joined.emplace_back(at[i]->term);
            i += len;
            if (i == n && window > len - 1) window -= static_cast<Xapian::termcount>(len - 1);
        } else {
            joined.emplace_back(terms[i++]);
        }
    }
    Xapian::Query j = joined.size() == 1
                          ? joined[0]
                          : Xapian::Query(Xapian::Query::OP_PHRASE, joined.begin(),
                                          joined.end(), window);
    if (stopped) return j; // the joined form alone says what was meant
    return Xapian::Query(Xapian::Query::OP_MAX, q, j);
}

}  // namespace

Xapian::Query joined_compounds(const Xapian::QueryParser &qp, const Xapian::Database &db,
                               const std::vector<std::vector<std::string>> &written,
                               const Xapian::Query &q) {
    auto op = q.get_type();
    if (op == Xapian::Query::OP_PHRASE) return joined_phrase(qp, db, written, q);
    if (!rewritten_within(op)) return q;
    size_t n = q.get_num_subqueries();
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < n; i++) subs.push_back(joined_compounds(qp, db, written, q.get_subquery(i)));
    return Xapian::Query(op, subs.begin(), subs.end());
}

}  // namespace xcw
