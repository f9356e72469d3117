// xapian-freqs.cc: the plain words' stems' document frequencies, kept in
// the database's metadata by whoever writes it (xc_wdb), for relevance
// feedback (xapian-expand.cc) to read.
//
// Feedback weighs every plain stem of its ten documents by the number of
// documents that hold it: 1,100 to 1,400 look-ups at 10,000 generated
// documents.  Xapian finds a term's frequency in the first chunk of its
// postings, a B-tree leaf a term, so each look-up was a `pread` of its own
// (4 to 5 ms of a 20 ms process).  Kept under metadata keys, the same
// numbers sort side by side, and the same look-ups in term order read a
// few leaves.
//
// Only stems in two documents or more have a key: feedback asks only for
// stems it read in a document of that database, so a stem without a key
// is in exactly one.  The table is trusted at one revision, the one its
// stamp names (uuid and revision): a commit that did not write it
// (Xapian's own flush of a long batch, an older scrutiny-index) or a
// compaction (a new uuid) leaves it stale, readers then look terms up in
// the postings, and the next writer writes it whole again.

#include "xapian-internal.hh"

using namespace xcw;

namespace {

std::string stamp_for(const Xapian::Database &db, Xapian::rev revision) {
    return db.get_uuid() + " " + std::to_string(revision);
}

// The key of term's frequency.
std::string freq_key(const std::string &term) { return SCHEMA_FREQ_KEY_PREFIX + term; }

// Writes term's frequency as it is now, or removes its key.
void write_freq(Xapian::WritableDatabase &db, const std::string &term, Xapian::doccount freq) {
    db.set_metadata(freq_key(term), freq >= 2 ? std::to_string(freq) : std::string());
}

// The whole table made anew from the postings: every plain stem's
// frequency, and no key for a stem now in fewer than two documents.
void rewrite_freqs(Xapian::WritableDatabase &db) {
    std::unordered_set<std::string> stale;
    for (auto it = db.metadata_keys_begin(SCHEMA_FREQ_KEY_PREFIX);
         it != db.metadata_keys_end(SCHEMA_FREQ_KEY_PREFIX); ++it)
        stale.insert(*it);
    for (auto it = db.allterms_begin("Z"); it != db.allterms_end("Z"); ++it) {
        const std::string term = *it;
        if (!plain_stem(term)) continue;
        Xapian::doccount freq = it.get_termfreq();
        if (freq < 2) continue;
        write_freq(db, term, freq);
        stale.erase(freq_key(term));
    }
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

void StemsChanged::note(const Xapian::Document &doc) {
    Xapian::TermIterator it = doc.termlist_begin();
    const Xapian::TermIterator end = doc.termlist_end();
    it.skip_to("Za");
    for (; it != end; ++it) {
        const std::string term = *it;
        if (term[0] != 'Z') break;
        if (plain_stem(term)) stems.insert(term);
    }
}

void StemsChanged::note_holders(const Xapian::Database &db, const std::string &unique_term) {
    for (auto it = db.postlist_begin(unique_term); it != db.postlist_end(unique_term); ++it)
        note(db.get_document(*it, Xapian::DOC_ASSUME_VALID));
}

void StemsChanged::write(Xapian::WritableDatabase &db) {
    Xapian::rev now = db.get_revision();
    // whole at this revision: only the changed stems; else all of them
    if (db.get_metadata(SCHEMA_FREQ_STAMP_KEY) == stamp_for(db, now)) {
        for (const std::string &term : stems) write_freq(db, term, db.get_termfreq(term));
    } else {
        rewrite_freqs(db);
    }
    stems.clear();
    db.set_metadata(SCHEMA_FREQ_STAMP_KEY, stamp_for(db, now + 1)); // the commit's
}

bool freqs_kept(const Xapian::Database &db) {
    return db.get_metadata(SCHEMA_FREQ_STAMP_KEY) == stamp_for(db, db.get_revision());
}

Xapian::doccount kept_freq(const Xapian::Database &db, const std::string &term) {
    std::string v = db.get_metadata(freq_key(term));
    return v.empty() ? 1 : static_cast<Xapian::doccount>(std::strtoul(v.c_str(), nullptr, 10));
}

}  // namespace xcw
