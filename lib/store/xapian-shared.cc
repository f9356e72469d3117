// xapian-shared.cc: what the handles of one process on one database share
// at a revision: sets of documents (xc_rdb::sets) and ranked windows.
//
// Sets.  scrutiny-serve's
// workers each hold a handle (a Xapian handle is not shared between
// threads) and each kept its own sets: a phrase matched whole (tens of
// milliseconds at 10,000 documents) was matched again by every worker at
// every revision.  Now the first worker to make a set at a revision keeps
// a copy here, and the others copy it (microseconds).  Off unless
// xc_share_sets turns it on: a process with one handle would only copy.
//
// Rankings.  A ranked query's costly part (its pool by bound, feedback's
// words, the window weighed in full: half of a server's work) gives the
// same page to every request for the same query at a revision: the page
// and the API, the next page, another client.  The first worker keeps
// the window's documents, weights and counts, and feedback's words; the
// others replay them (xc_ranking_replay, xapian-window.cc).

#include <mutex>

#include "xapian-internal.hh"

namespace {

// At most this many rankings a revision (a few hundred bytes each).
constexpr size_t RANKINGS = 1024;

// A revision's sets and rankings; the two newest revisions are kept
// (workers reopen one after another when the indexer commits).
struct Generation {
    std::string name; // the database's uuid and revision
    std::unordered_map<std::string, roaring_bitmap_t *> sets;
    size_t bytes = 0;
    std::unordered_map<std::string, xc_ranking> rankings;
    ~Generation() {
        for (auto &kv : sets) roaring_bitmap_free(kv.second);
    }
};

struct Shared {
    std::mutex lock;
    bool on = false;
    bool rankings = true; // shared too, when on
    std::vector<std::unique_ptr<Generation>> generations; // oldest first
    unsigned long found = 0, missed = 0; // ranked requests replayed, and not
};

Shared &shared() {
    static Shared s;
    return s;
}

// rdb's uuid and revision, or "" when its sets are not shared (several
// shards or a remote one: no one revision names them).
const std::string &generation_of(xc_rdb &rdb) {
    if (rdb.generation.empty() && !rdb.remote && rdb.parts.size() == 1 && rdb.db.size() == 1)
        rdb.generation = rdb.db.get_uuid() + ":" + std::to_string(rdb.db.get_revision());
    return rdb.generation;
}

// rdb's generation name when sharing is on (rankings: and rankings are
// shared), else nullptr.
const std::string *shared_name(Shared &s, xc_rdb &rdb, bool rankings) {
    {
        std::lock_guard<std::mutex> hold(s.lock);
        if (!s.on || (rankings && !s.rankings)) return nullptr;
    }
    const std::string &name = generation_of(rdb);
    return name.empty() ? nullptr : &name;
}

Generation *find(Shared &s, const std::string &name) {
    for (auto &g : s.generations)
        if (g->name == name) return g.get();
    return nullptr;
}

// A generation name's uuid and revision.
std::pair<std::string, unsigned long long> parts_of(const std::string &name) {
    size_t colon = name.rfind(':');
    return {name.substr(0, colon), std::stoull(name.substr(colon + 1))};
}

// The generation named name, made (the oldest dropped) when new; NULL for
// a revision older than both kept of the same database (a thread still on
// it would otherwise drop the newest, which the others use).
Generation *generation_named(Shared &s, const std::string &name) {
    Generation *g = find(s, name);
    if (g) return g;
    if (s.generations.size() == 2) {
        auto made = parts_of(name);
        bool older = true;
        for (auto &kept : s.generations) {
            auto k = parts_of(kept->name);
            older = older && k.first == made.first && k.second > made.second;
        }
        if (older) return nullptr;
        s.generations.erase(s.generations.begin());
    }
    s.generations.push_back(std::unique_ptr<Generation>(new Generation));
    s.generations.back()->name = name;
    return s.generations.back().get();
}

roaring_bitmap_t *copy_of(const roaring_bitmap_t *set) {
    roaring_bitmap_t *c = roaring_bitmap_copy(set);
    if (!c) throw std::bad_alloc();
    return c;
}

}  // namespace

namespace xcw {

roaring_bitmap_t *shared_set_copy(xc_rdb &rdb, const std::string &key) {
    Shared &s = shared();
    const std::string *name = shared_name(s, rdb, false);
    if (!name) return nullptr;
    std::lock_guard<std::mutex> hold(s.lock);
    Generation *g = find(s, *name);
    if (!g) return nullptr;
    auto kept = g->sets.find(key);
    return kept == g->sets.end() ? nullptr : copy_of(kept->second);
}

void count_replay(bool replayed) {
    Shared &s = shared();
    std::lock_guard<std::mutex> hold(s.lock);
    if (replayed)
        s.found++;
    else
        s.missed++;
}

void share_set(xc_rdb &rdb, const std::string &key, const roaring_bitmap_t *set) {
    Shared &s = shared();
    const std::string *name = shared_name(s, rdb, false);
    if (!name) return;
    roaring_bitmap_t *copy = copy_of(set); // outside the lock
    std::lock_guard<std::mutex> hold(s.lock);
    Generation *g = generation_named(s, *name);
    if (!g) {
        roaring_bitmap_free(copy);
        return;
    }
    size_t bytes = roaring_bitmap_size_in_bytes(copy) + key.size();
    if (g->bytes + bytes > SETS_BYTES || !g->sets.emplace(key, copy).second) {
        roaring_bitmap_free(copy); // full (the next revision starts afresh), or there
        return;
    }
    g->bytes += bytes;
}

}  // namespace xcw

extern "C" void xc_share_sets(int on) {
    Shared &s = shared();
    std::lock_guard<std::mutex> hold(s.lock);
    s.on = on != 0;
    if (!s.on) s.generations.clear();
}

using namespace xcw;

extern "C" {

xc_status xc_ranking_find(xc_rdb *db, const char *key, xc_ranking **out, xc_error *err) {
    if (!db || !key || !out) return bad_arg(err, "db, key or out");
    *out = nullptr;
    return guarded(err, [&] {
        Shared &s = shared();
        const std::string *name = shared_name(s, *db, true);
        if (!name) return;
        std::unique_ptr<xc_ranking> copy(new xc_ranking);
        {
            std::lock_guard<std::mutex> hold(s.lock);
            Generation *g = find(s, *name);
            auto kept = g ? g->rankings.find(key) : decltype(g->rankings.end()){};
            if (!g || kept == g->rankings.end()) {
                s.missed++;
                return;
            }
            *copy = kept->second; // counted by count_replay
        }
        *out = copy.release();
    });
}

void xc_ranking_words(const xc_ranking *r, xc_word_fn fn, void *ctx) {
    if (r && fn)
        for (const std::string &w : r->words) fn(ctx, w.c_str(), 0);
}

void xc_ranking_free(xc_ranking *r) { delete r; }

xc_status xc_ranking_keep(xc_rdb *db, const char *key, const xc_mset *m,
                          const char *const *words, size_t nwords, xc_error *err) {
    if (!db || !key || !m || (!words && nwords)) return bad_arg(err, "db, key, m or words");
    return guarded(err, [&] {
        Shared &s = shared();
        const std::string *name = shared_name(s, *db, true);
        if (!name || m->replayed || m->mset.empty()) return;
        xc_ranking r;
        for (auto it = m->mset.begin(); it != m->mset.end(); ++it) {
            r.ids.push_back(*it);
            r.weights.push_back(m->weight_of(it));
        }
        r.counts[0] = m->lower();
        r.counts[1] = m->estimate();
        r.counts[2] = m->upper();
        for (size_t i = 0; i < nwords; i++) r.words.emplace_back(words[i]);
        std::lock_guard<std::mutex> hold(s.lock);
        Generation *g = generation_named(s, *name);
        if (!g) return;
        if (g->rankings.size() >= RANKINGS) g->rankings.clear(); // the next start afresh
        g->rankings[key] = std::move(r);
    });
}

void xc_share_rankings(int on) {
    Shared &s = shared();
    std::lock_guard<std::mutex> hold(s.lock);
    s.rankings = on != 0;
    for (auto &g : s.generations) g->rankings.clear();
}

void xc_ranking_counts(unsigned long *found, unsigned long *missed) {
    Shared &s = shared();
    std::lock_guard<std::mutex> hold(s.lock);
    if (found) *found = s.found;
    if (missed) *missed = s.missed;
}

}  // extern "C"
