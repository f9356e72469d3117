// xapian-phrases.cc: the field's phrases (themes' signals, kinds'
// headings, acronyms' expansions: lib/index/vocab.c) indexed as terms of
// their own, so that the set of a quoted phrase that is one of them comes
// from one posting list instead of every candidate's positions (at
// 100,000 documents, "early help" took 116-132 ms of positions:
// doc/performance.md).
//
// A phrase term stands for one Xapian query: OP_PHRASE over plain terms
// within a window.  The writer adds it to a document whose positions that
// query matches, checked as Xapian's phrase matcher checks them; readers
// take its postings for the query's set (xapian-docset.cc) only when
// every document of the database was checked for it: each document holds
// the marker term of the list it was checked against, and the metadata
// under SCHEMA_PHRASES_KEY names the list.  So how a phrase of the data
// files becomes that query decides which quoted phrases go faster, never
// what any of them matches.

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "xapian-internal.hh"

using namespace xcw;

struct xc_phrases {
    // each phrase: its term, its words' terms in order, its window
    struct Phrase {
        std::string term;
        std::vector<std::string> words;
        Xapian::termpos window;
    };
    std::vector<Phrase> phrases;
    std::unordered_set<std::string> words; // every phrase's words
    std::string marker;                    // PREFIX_PHRASES_CHECKED + the list's hash
};

namespace {

// Terms are at most 245 bytes; a phrase's longer than this has none.
constexpr size_t PHRASE_TERM_MAX = 240;

std::string term_of(const std::vector<std::string> &words, Xapian::termpos window) {
    std::string t = PREFIX_PHRASE + std::to_string(window);
    for (const std::string &w : words) t += " " + w;
    return t;
}

// Whether positions (one ascending list per word of a phrase) hold the
// words in order, each after the one before, the last within window
// positions of the first: Xapian 1.4's phrase test (an exact phrase is
// the window of its words' number).
bool in_order_within(const std::vector<const std::vector<Xapian::termpos> *> &positions,
                     Xapian::termpos window) {
    const size_t n = positions.size();
    for (Xapian::termpos first : *positions[0]) {
        Xapian::termpos at = first;
        size_t i = 1;
        for (; i < n; i++) {
            const std::vector<Xapian::termpos> &of = *positions[i];
            auto next = std::upper_bound(of.begin(), of.end(), at);
            if (next == of.end()) return false; // no later start does better
            at = *next;
            if (at - first >= window) break;
        }
        if (i == n) return true;
    }
    return false;
}

}  // namespace

namespace xcw {

bool phrase_query_term(const Xapian::Query &q, std::string &term) {
    if (q.get_type() != Xapian::Query::OP_PHRASE) return false;
    const size_t n = q.get_num_subqueries();
    if (n < 2) return false;
    std::vector<std::string> words;
    for (size_t i = 0; i < n; i++) {
        const Xapian::Query sub = q.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM) return false;
        words.push_back(*sub.get_terms_begin());
    }
    Xapian::termpos window = window_of(q);
    if (window < n) window = static_cast<Xapian::termpos>(n); // as Xapian widens it
    term = term_of(words, window);
    return term.size() <= PHRASE_TERM_MAX;
}

const std::unordered_set<std::string> &indexed_phrases(xc_rdb &rdb) {
    if (rdb.phrases_read) return rdb.phrases;
    rdb.phrases_read = true;
    std::istringstream lines(rdb.db.get_metadata(SCHEMA_PHRASES_KEY));
    std::string marker, term;
    if (!std::getline(lines, marker) || marker.empty()) return rdb.phrases;
    const Xapian::doccount docs = rdb.db.get_doccount();
    // every document checked for this list (a shard or a document indexed
    // with other data files holds another marker, or none)
    if (!docs || rdb.db.get_termfreq(marker) != docs) return rdb.phrases;
    while (std::getline(lines, term))
        if (!term.empty()) rdb.phrases.insert(term);
    return rdb.phrases;
}

}  // namespace xcw

extern "C" {

xc_status xc_phrases_new(const char *const *texts, size_t n, xc_phrases **out, xc_error *err) {
    if ((!texts && n) || !out) return bad_arg(err, "texts or out");
    *out = nullptr;
    return guarded(err, [&] {
        std::unique_ptr<xc_phrases> ph(new xc_phrases);
        std::unordered_set<std::string> seen;
        xc_termgen *tg = nullptr;
        xc_error e;
        if (xc_termgen_new(&tg, &e) != XC_OK) throw std::runtime_error(e.message);
        std::unique_ptr<xc_termgen, void (*)(xc_termgen *)> own_tg(tg, xc_termgen_free);
        for (size_t i = 0; i < n; i++) {
            // the phrase as a document indexes it: stems at positions,
            // stopwords without, a compound's joined form beside its parts
            xc_doc scratch;
            tg->tg.set_document(scratch.doc);
            index_folded(tg->tg, tg->stem, texts[i], std::strlen(texts[i]), "");
            std::map<Xapian::termpos, std::vector<std::string>> at;
            for (auto t = scratch.doc.termlist_begin(); t != scratch.doc.termlist_end(); ++t) {
                if (unpositioned(*t)) continue;
                for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                    at[*p].push_back(*t);
            }
            if (at.size() < 2) continue; // one word: its postings already
            std::vector<std::string> words;
            for (const auto &kv : at) {
                if (kv.second.size() != 1) break; // a compound's two forms: left to positions
                words.push_back(kv.second[0]);
            }
            if (words.size() != at.size()) continue;
            const Xapian::termpos window = at.rbegin()->first - at.begin()->first + 1;
            std::string term = term_of(words, window);
            if (term.size() > PHRASE_TERM_MAX || !seen.insert(term).second) continue;
            ph->words.insert(words.begin(), words.end());
            ph->phrases.push_back({std::move(term), std::move(words), window});
        }
        std::sort(ph->phrases.begin(), ph->phrases.end(),
                  [](const xc_phrases::Phrase &a, const xc_phrases::Phrase &b) { return a.term < b.term; });
        std::string all;
        for (const auto &p : ph->phrases) all += p.term + "\n";
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(all.data(), all.size())));
        ph->marker = std::string(PREFIX_PHRASES_CHECKED) + hex;
        *out = ph.release();
    });
}

void xc_phrases_free(xc_phrases *ph) { delete ph; }

size_t xc_phrases_count(const xc_phrases *ph) { return ph ? ph->phrases.size() : 0; }

xc_status xc_doc_add_phrase_terms(xc_doc *doc, const xc_phrases *ph, xc_error *err) {
    if (!doc || !ph) return bad_arg(err, "doc or ph");
    return guarded(err, [&] {
        // the positions of the phrases' words that doc holds, in one walk
        std::unordered_map<std::string, std::vector<Xapian::termpos>> positions;
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) {
            const std::string term = *t;
            if (!ph->words.count(term) || !t.positionlist_count()) continue;
            positions.emplace(term, std::vector<Xapian::termpos>(t.positionlist_begin(),
                                                                 t.positionlist_end()));
        }
        std::vector<const std::vector<Xapian::termpos> *> lists;
        for (const auto &p : ph->phrases) {
            lists.clear();
            for (const std::string &w : p.words) {
                auto it = positions.find(w);
                if (it == positions.end()) break;
                lists.push_back(&it->second);
            }
            if (lists.size() == p.words.size() && in_order_within(lists, p.window))
                doc->doc.add_boolean_term(p.term);
        }
        doc->doc.add_boolean_term(ph->marker);
    });
}

xc_status xc_wdb_set_phrases(xc_wdb *db, const xc_phrases *ph, xc_error *err) {
    if (!db || !ph) return bad_arg(err, "db or ph");
    return guarded(err, [&] {
        std::string value = ph->marker + "\n";
        for (const auto &p : ph->phrases) value += p.term + "\n";
        // unchanged: no new revision for a run that writes nothing else
        if (db->db.get_metadata(SCHEMA_PHRASES_KEY) != value)
            db->db.set_metadata(SCHEMA_PHRASES_KEY, value);
    });
}

}  // extern "C"
