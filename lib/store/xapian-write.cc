// xapian-write.cc: the writer's side of xapian-c.h: writable databases,
// their transactions, metadata and compaction, and the term generator,
// whose stemmer counts the body's words for the spelling dictionary
// (CountingStemmer, xapian-internal.hh).  Every entry point runs inside
// guarded(), as in xapian-c.cc.

#include "xapian-internal.hh"

using namespace xcw;

namespace {

// Runs index(prefix) with the body's words (no prefix) counted into the
// document's words, as STEM_SOME indexed them unstemmed before.
template <typename F> void index_counting(xc_termgen *tg, const char *prefix, F index) {
    const std::string p = prefix ? prefix : "";
    tg->stemmer->words = p.empty() && tg->doc ? &tg->doc->words : nullptr;
    try {
        index(p);
    } catch (...) {
        tg->stemmer->words = nullptr;
        throw;
    }
    tg->stemmer->words = nullptr;
}

// What a commit or a transaction that failed, or was cancelled, may have
// lost: the values set once are set again (xc_wdb_set_metadata_once).
template <typename F> xc_status or_forget(xc_wdb *db, xc_error *err, F f) {
    xc_status st = guarded(err, f);
    if (st != XC_OK) db->set_once.clear();
    return st;
}

}  // namespace

extern "C" {

/* ---- writable databases ---- */

xc_status xc_wdb_open(const char *path, xc_wdb_mode mode, xc_wdb **out, xc_error *err) {
    if (!path || !out) return bad_arg(err, "path or out");
    return guarded(err, [&] {
        int action = (mode & XC_WDB_OPEN)        ? Xapian::DB_OPEN
                     : (mode & XC_WDB_OVERWRITE) ? Xapian::DB_CREATE_OR_OVERWRITE
                                                 : Xapian::DB_CREATE_OR_OPEN;
        if (mode & XC_WDB_WAIT) action |= Xapian::DB_RETRY_LOCK;
        *out = new xc_wdb(Xapian::WritableDatabase(path, action));
        (*out)->kept = !(mode & XC_WDB_UNKEPT);
    });
}

namespace {
// Metadata written under one key in several sources: the last source's,
// as if they had been written one after the other.
class LastMetadataWins : public Xapian::Compactor {
    std::string resolve_duplicate_metadata(const std::string &, size_t num_tags,
                                           const std::string tags[]) override {
        return tags[num_tags - 1];
    }
};
}  // namespace

xc_status xc_db_compact(const char *const *from, size_t n, const char *to, xc_error *err) {
    if (!from || !n || !to) return bad_arg(err, "from or to");
    return guarded(err, [&] {
        Xapian::Database db;
        for (size_t i = 0; i < n; i++) db.add_database(Xapian::Database(from[i]));
        LastMetadataWins resolve;
        // one source keeps its docids; several are numbered on, in order
        db.compact(to, n == 1 ? Xapian::DBCOMPACT_NO_RENUMBER : 0, 0, resolve);
        // a new uuid: what is kept made for it (several sources' tables do
        // not add up: a stem in one document of each has no key)
        Xapian::WritableDatabase out(to, Xapian::DB_OPEN);
        KeptChanges().write(out);
        out.commit();
    });
}

xc_status xc_wdb_close(xc_wdb *db, xc_error *err) {
    if (!db) return ok(err);
    xc_status st = XC_OK;
    try { // Xapian commits what is pending: the table of frequencies too
        if (db->pending && db->kept) db->changed.write(db->db);
    } catch (...) { // the commit leaves it stale, which readers see
    }
    try {
        db->db.close();
        ok(err);
    } catch (...) {
        st = fail(err);
    }
    try {
        delete db;
    } catch (...) {
    }
    return st;
}

xc_status xc_wdb_doccount(xc_wdb *db, unsigned *out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = db->db.get_doccount();
    });
}

xc_status xc_wdb_add(xc_wdb *db, const xc_doc *doc, unsigned *docid, xc_error *err) {
    if (!db || !doc) return bad_arg(err, "db or doc");
    return guarded(err, [&] {
        db->pending = true;
        if (db->kept) db->changed.note(doc->doc);
        Xapian::docid id = db->db.add_document(doc->doc);
        if (docid) *docid = id;
    });
}

xc_status xc_doc_move_words(xc_doc *to, xc_doc *from, xc_error *err) {
    if (!to || !from) return bad_arg(err, "to or from");
    return guarded(err, [&] {
        if (to != from) {
            for (const auto &w : from->words) to->words[w.first] += w.second;
            from->words.clear();
        }
    });
}

// The most words one document adds to the spelling dictionary: its most
// frequent ones.  A report of a thousand pages says some 20,000 words; a
// file of hundreds of thousands of made-up ones (numbered headings, codes)
// held 68 MB of the dictionary's tables per 100,000 words until its commit
// (a 16 MB text: 1.4 GB), for suggestions nobody would be offered.
constexpr size_t SPELLINGS_PER_DOCUMENT = 50000;

xc_status xc_wdb_add_spellings(xc_wdb *db, const xc_doc *doc, xc_error *err) {
    if (!db || !doc) return bad_arg(err, "db or doc");
    return guarded(err, [&] {
        db->pending = true;
        if (doc->words.size() <= SPELLINGS_PER_DOCUMENT) {
            for (const auto &w : doc->words) db->db.add_spelling(w.first, w.second);
            return;
        }
        using Word = std::pair<std::string, Xapian::termcount>;
        std::vector<Word> words(doc->words.begin(), doc->words.end());
        std::nth_element(words.begin(), words.begin() + SPELLINGS_PER_DOCUMENT, words.end(),
                         [](const Word &a, const Word &b) {
                             return a.second != b.second ? a.second > b.second : a.first < b.first;
                         });
        words.resize(SPELLINGS_PER_DOCUMENT);
        for (const auto &w : words) db->db.add_spelling(w.first, w.second);
    });
}

xc_status xc_wdb_replace(xc_wdb *db, const char *unique_term, const xc_doc *doc,
                         unsigned *docid, xc_error *err) {
    if (!db || !unique_term || !doc) return bad_arg(err, "db, unique_term or doc");
    return guarded(err, [&] {
        db->pending = true;
        if (db->kept) {
            db->changed.note_holders(db->db, unique_term);
            db->changed.note(doc->doc);
        }
        Xapian::docid id = db->db.replace_document(unique_term, doc->doc);
        if (docid) *docid = id;
    });
}

xc_status xc_wdb_delete(xc_wdb *db, const char *term, xc_error *err) {
    if (!db || !term) return bad_arg(err, "db or term");
    return guarded(err, [&] {
        db->pending = true;
        if (db->kept) db->changed.note_holders(db->db, term);
        db->db.delete_document(term);
    });
}

xc_status xc_wdb_commit(xc_wdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return or_forget(db, err, [&] {
        if (db->pending && db->kept) db->changed.write(db->db); // else no new revision
        db->db.commit();
        db->changed.clear();
        db->pending = false;
    });
}

xc_status xc_wdb_begin(xc_wdb *db, int flushed, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        db->db.begin_transaction(flushed != 0);
    });
}

xc_status xc_wdb_commit_transaction(xc_wdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return or_forget(db, err, [&] {
        if (db->pending && db->kept) db->changed.write(db->db); // else no new revision
        db->db.commit_transaction();
        db->changed.clear();
        db->pending = false;
    });
}

xc_status xc_wdb_cancel_transaction(xc_wdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    db->set_once.clear(); // what the transaction set is undone
    return guarded(err, [&] {
        db->db.cancel_transaction();
    });
}

xc_status xc_wdb_add_synonym(xc_wdb *db, const char *key, const char *value, xc_error *err) {
    if (!db || !key || !value) return bad_arg(err, "db, key or value");
    return guarded(err, [&] {
        db->pending = true;
        db->db.add_synonym(key, value);
    });
}

xc_status xc_wdb_set_synonyms(xc_wdb *db, const char *const *keys, const char *const *values,
                              size_t n, xc_error *err) {
    if (!db || (n && (!keys || !values))) return bad_arg(err, "db, keys or values");
    return guarded(err, [&] {
        std::map<std::string, std::set<std::string>> want, have;
        for (size_t i = 0; i < n; i++) want[keys[i]].insert(values[i]);
        for (auto k = db->db.synonym_keys_begin(); k != db->db.synonym_keys_end(); ++k)
            for (auto v = db->db.synonyms_begin(*k); v != db->db.synonyms_end(*k); ++v)
                have[*k].insert(*v);
        if (want == have) return;
        db->pending = true;
        for (const auto &kv : have) db->db.clear_synonyms(kv.first);
        for (const auto &kv : want)
            for (const auto &v : kv.second) db->db.add_synonym(kv.first, v);
    });
}

static unsigned count_terms(const Xapian::Database &db, const char *prefix) {
    unsigned n = 0;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++n;
    return n;
}

xc_status xc_wdb_count_terms(xc_wdb *db, const char *prefix, unsigned *out, xc_error *err) {
    if (!db || !prefix || !out) return bad_arg(err, "db, prefix or out");
    return guarded(err, [&] {
        *out = count_terms(db->db, prefix);
    });
}

xc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value,
                              xc_error *err) {
    if (!value) return bad_arg(err, "value");
    return xc_wdb_set_metadata_bytes(db, key, value, std::strlen(value), err);
}

xc_status xc_wdb_set_metadata_bytes(xc_wdb *db, const char *key, const char *value, size_t len,
                                    xc_error *err) {
    if (!db || !key || (!value && len)) return bad_arg(err, "db, key or value");
    return guarded(err, [&] {
        const std::string v(value ? value : "", len);
        if (db->db.get_metadata(key) == v) return; // no new revision for nothing
        db->pending = true;
        db->db.set_metadata(key, v);
    });
}

xc_status xc_wdb_set_metadata_once(xc_wdb *db, const char *key, const char *value, size_t len,
                                   xc_error *err) {
    if (!db || !key) return bad_arg(err, "db or key");
    if (db->set_once.count(key)) return ok(err);
    xc_status st = xc_wdb_set_metadata_bytes(db, key, value, len, err);
    if (st == XC_OK) {
        try {
            db->set_once.insert(key);
        } catch (...) { // not remembered: set again next time
        }
    }
    return st;
}

xc_status xc_wdb_each_metadata(xc_wdb *db, const char *prefix, xc_meta_fn fn, void *ctx,
                               xc_error *err) {
    if (!db || !prefix || !fn) return bad_arg(err, "db, prefix or fn");
    return guarded(err, [&] {
        // collect first: fn may change the metadata
        std::vector<std::pair<std::string, std::string>> items;
        for (auto it = db->db.metadata_keys_begin(prefix); it != db->db.metadata_keys_end(prefix);
             ++it)
            items.emplace_back(*it, db->db.get_metadata(*it));
        for (const auto &kv : items)
            if (fn(ctx, kv.first.c_str(), kv.second.c_str())) break;
    });
}

xc_status xc_wdb_get_metadata(xc_wdb *db, const char *key, char **out, xc_error *err) {
    return xc_wdb_get_metadata_bytes(db, key, out, nullptr, err);
}

xc_status xc_wdb_get_metadata_bytes(xc_wdb *db, const char *key, char **out, size_t *len,
                                    xc_error *err) {
    if (!db || !key || !out) return bad_arg(err, "db, key or out");
    return guarded(err, [&] {
        const std::string v = db->db.get_metadata(key);
        *out = c_copy(v);
        if (len) *len = v.size();
    });
}

/* ---- term generator ---- */

xc_status xc_termgen_new(xc_termgen **out, xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] {
        xc_termgen *h = new xc_termgen{};
        h->stemmer = new CountingStemmer;
        h->stem = Xapian::Stem(h->stemmer);
        h->tg.set_stemmer(h->stem);
        // Stems only, with positions: half the (term, passage) pairs of
        // STEM_SOME's exact word + stem, and those pairs are most of the
        // cost of writing and the size of the index (bench/, issue 7).
        h->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        *out = h;
    });
}

void xc_termgen_free(xc_termgen *tg) {
    try {
        delete tg;
    } catch (...) {
    }
}

xc_status xc_termgen_set_document(xc_termgen *tg, xc_doc *doc, xc_error *err) {
    if (!tg || !doc) return bad_arg(err, "tg or doc");
    return guarded(err, [&] {
        tg->tg.set_document(doc->doc);
        tg->doc = doc;
    });
}

xc_status xc_termgen_index(xc_termgen *tg, const char *text, size_t len, const char *prefix,
                           xc_error *err) {
    if (!tg || (!text && len)) return bad_arg(err, "tg or text");
    return guarded(err, [&] {
        index_counting(tg, prefix, [&](const std::string &p) {
            index_folded(tg->tg, tg->stem, text ? text : "", len, p);
        });
    });
}

xc_status xc_termgen_index_words(xc_termgen *tg, const char *text, size_t len,
                                 const char *prefix, xc_error *err) {
    if (!tg || (!text && len)) return bad_arg(err, "tg or text");
    return guarded(err, [&] {
        index_counting(tg, prefix, [&](const std::string &p) {
            tg->tg.index_text_without_positions(std::string(text ? text : "", len), 1, p);
        });
    });
}

xc_status xc_termgen_get_pos(xc_termgen *tg, unsigned *pos, xc_error *err) {
    if (!tg || !pos) return bad_arg(err, "tg or pos");
    return guarded(err, [&] {
        *pos = tg->tg.get_termpos();
    });
}

xc_status xc_termgen_set_pos(xc_termgen *tg, unsigned pos, xc_error *err) {
    if (!tg) return bad_arg(err, "tg");
    return guarded(err, [&] {
        tg->tg.set_termpos(pos);
    });
}

xc_status xc_termgen_gap(xc_termgen *tg, xc_error *err) {
    if (!tg) return bad_arg(err, "tg");
    return guarded(err, [&] {
        tg->tg.increase_termpos(100);
    });
}

}  // extern "C"
