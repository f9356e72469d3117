// xapian-kept.cc: what every commit through the wrapper (xc_wdb) keeps in
// the database's metadata for readers, beside what Xapian keeps:
//
// - the plain words' stems' document frequencies, for relevance feedback
//   (xapian-expand.cc), which weighs every plain stem of its ten documents
//   by the number of documents that hold it: 1,100 to 1,400 look-ups at
//   10,000 generated documents.  Xapian finds a term's frequency in the
//   first chunk of its postings, a B-tree leaf a term, so each look-up
//   was a `pread` of its own (4 to 5 ms of a 20 ms process); under
//   metadata keys the numbers sort side by side, and the same look-ups in
//   term order read a few leaves.  Only stems in two documents or more
//   have a key: feedback asks only for stems it read in a document of
//   that database, so a stem without a key is in exactly one.
// - each facet value's documents (the terms under the facets' set
//   prefixes, schema_facets), as portable CRoaring bitmaps, for the facet
//   counts (lib/search/facets.c): a process that counts facets made each
//   value's set from its postings, 14 ms for the authorities at 100,000
//   documents (a postlist opened for each of some 150 values) and 15 ms
//   for the themes (their postings decoded).
//
// Both are trusted at one revision, the one the stamp names (uuid and
// revision): a commit that did not write them (Xapian's own flush of a long
// batch, an older scrutiny-index) or a compaction (a new uuid) leaves them
// stale, readers then go to the postings, and the next writer writes them
// whole again.

#include "xapian-internal.hh"

using namespace xcw;

namespace {

std::string stamp_for(const Xapian::Database &db, Xapian::rev revision) {
    return db.get_uuid() + " " + std::to_string(revision);
}

std::string kept_freq_key(const std::string &term) { return SCHEMA_FREQ_KEY_PREFIX + term; }
std::string kept_set_key(const std::string &term) { return SCHEMA_SET_KEY_PREFIX + term; }

// Writes term's frequency as it is now, or removes its key.
void write_freq(Xapian::WritableDatabase &db, const std::string &term, Xapian::doccount freq) {
    db.set_metadata(kept_freq_key(term), freq >= 2 ? std::to_string(freq) : std::string());
}

// Writes term's documents as they are now, or removes its key (none).
void write_set(Xapian::WritableDatabase &db, const std::string &term) {
    Bitmap docs;
    for (auto p = db.postlist_begin(term), end = db.postlist_end(term); p != end; ++p)
        roaring_bitmap_add(docs.b, *p);
    std::string bytes;
    if (!roaring_bitmap_is_empty(docs.b)) {
        roaring_bitmap_run_optimize(docs.b);
        bytes.resize(roaring_bitmap_portable_size_in_bytes(docs.b));
        roaring_bitmap_portable_serialize(docs.b, &bytes[0]);
    }
    db.set_metadata(kept_set_key(term), bytes);
}

// The terms whose documents are kept: those under each facet's set prefix.
template <typename Fn> void each_set_prefix(Fn fn) {
    for (const schema_facet *f = schema_facets; f->name; f++)
        if (f->set_prefix) fn(std::string(f->set_prefix));
}

// Every key under prefix, to be removed unless written again.
std::unordered_set<std::string> keys_under(Xapian::WritableDatabase &db, const char *prefix) {
    std::unordered_set<std::string> keys;
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
        keys.insert(*it);
    return keys;
}

// Both made anew from the postings, and no key left for a stem now in
// fewer than two documents or a value no document has.
void rewrite_all(Xapian::WritableDatabase &db) {
    std::unordered_set<std::string> stale = keys_under(db, SCHEMA_FREQ_KEY_PREFIX);
    for (auto it = db.allterms_begin("Z"); it != db.allterms_end("Z"); ++it) {
        const std::string term = *it;
        if (!plain_stem(term)) continue;
        Xapian::doccount freq = it.get_termfreq();
        if (freq < 2) continue;
        write_freq(db, term, freq);
        stale.erase(kept_freq_key(term));
    }
    std::unordered_set<std::string> sets = keys_under(db, SCHEMA_SET_KEY_PREFIX);
    stale.insert(sets.begin(), sets.end());
    each_set_prefix([&](const std::string &prefix) {
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            write_set(db, *it);
            stale.erase(kept_set_key(*it));
        }
    });
    for (const std::string &key : stale) db.set_metadata(key, std::string());
}

}  // namespace

namespace xcw {

bool plain_stem(const std::string &term) {
    if (term.size() <= 3 || term[0] != 'Z') return false;
    unsigned char first = static_cast<unsigned char>(term[1]);
    if (!std::islower(first) && first < 0x80) return false;
    for (size_t i = 1; i < term.size(); i++)
        if (std::isdigit(static_cast<unsigned char>(term[i]))) return false;
    return true;
}

void KeptChanges::note(const Xapian::Document &doc) {
    const Xapian::TermIterator end = doc.termlist_end();
    each_set_prefix([&](const std::string &prefix) { // not in term order: an iterator each
        Xapian::TermIterator it = doc.termlist_begin();
        for (it.skip_to(prefix); it != end; ++it) {
            const std::string term = *it;
            if (term.compare(0, prefix.size(), prefix) != 0) break;
            set_terms.insert(term);
        }
    });
    Xapian::TermIterator it = doc.termlist_begin();
    for (it.skip_to("Za"); it != end; ++it) {
        const std::string term = *it;
        if (term[0] != 'Z') break;
        if (plain_stem(term)) stems.insert(term);
    }
}

void KeptChanges::note_holders(const Xapian::Database &db, const std::string &unique_term) {
    for (auto it = db.postlist_begin(unique_term); it != db.postlist_end(unique_term); ++it)
        note(db.get_document(*it, Xapian::DOC_ASSUME_VALID));
}

void KeptChanges::write(Xapian::WritableDatabase &db) {
    Xapian::rev now = db.get_revision();
    // whole at this revision: only what changed; else all of it
    if (db.get_metadata(SCHEMA_KEPT_STAMP_KEY) == stamp_for(db, now)) {
        for (const std::string &term : stems) write_freq(db, term, db.get_termfreq(term));
        for (const std::string &term : set_terms) write_set(db, term);
    } else {
        rewrite_all(db);
    }
    db.set_metadata(SCHEMA_KEPT_STAMP_KEY, stamp_for(db, now + 1)); // the commit's
}

void KeptChanges::clear() {
    stems.clear();
    set_terms.clear();
}

bool kept_whole(const Xapian::Database &db) {
    return db.get_metadata(SCHEMA_KEPT_STAMP_KEY) == stamp_for(db, db.get_revision());
}

Xapian::doccount kept_freq(const Xapian::Database &db, const std::string &term) {
    std::string v = db.get_metadata(kept_freq_key(term));
    return v.empty() ? 1 : static_cast<Xapian::doccount>(std::strtoul(v.c_str(), nullptr, 10));
}

bool kept_set(const Xapian::Database &db, const std::string &term,
              std::vector<uint32_t> &docs) {
    std::string bytes = db.get_metadata(kept_set_key(term));
    if (bytes.empty()) return false;
    roaring_bitmap_t *b = roaring_bitmap_portable_deserialize_safe(bytes.data(), bytes.size());
    if (!b) return false; // damaged: the postings say
    docs.resize(roaring_bitmap_get_cardinality(b));
    roaring_bitmap_to_uint32_array(b, docs.data());
    roaring_bitmap_free(b);
    return true;
}

}  // namespace xcw
