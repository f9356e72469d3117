// xapian-shared-sets.cc: the sets of documents (xc_rdb::sets) shared
// between the handles of one process on one database.  scrutiny-serve's
// workers each hold a handle (a Xapian handle is not shared between
// threads) and each kept its own sets: a phrase matched whole (tens of
// milliseconds at 10,000 documents) was matched again by every worker at
// every revision.  Now the first worker to make a set at a revision keeps
// a copy here, and the others copy it (microseconds).  Off unless
// xc_share_sets turns it on: a process with one handle would only copy.

#include <mutex>

#include "xapian-internal.hh"

namespace {

// A revision's sets; the two newest revisions are kept (workers reopen
// one after another when the indexer commits).
struct Generation {
    std::string name; // the database's uuid and revision
    std::unordered_map<std::string, roaring_bitmap_t *> sets;
    size_t bytes = 0;
    ~Generation() {
        for (auto &kv : sets) roaring_bitmap_free(kv.second);
    }
};

struct Shared {
    std::mutex lock;
    bool on = false;
    std::vector<std::unique_ptr<Generation>> generations; // oldest first
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

Generation *find(Shared &s, const std::string &name) {
    for (auto &g : s.generations)
        if (g->name == name) return g.get();
    return nullptr;
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
    {
        std::lock_guard<std::mutex> hold(s.lock);
        if (!s.on) return nullptr;
    }
    const std::string &name = generation_of(rdb);
    if (name.empty()) return nullptr;
    std::lock_guard<std::mutex> hold(s.lock);
    Generation *g = find(s, name);
    if (!g) return nullptr;
    auto kept = g->sets.find(key);
    return kept == g->sets.end() ? nullptr : copy_of(kept->second);
}

void share_set(xc_rdb &rdb, const std::string &key, const roaring_bitmap_t *set) {
    Shared &s = shared();
    {
        std::lock_guard<std::mutex> hold(s.lock);
        if (!s.on) return;
    }
    const std::string &name = generation_of(rdb);
    if (name.empty()) return;
    roaring_bitmap_t *copy = copy_of(set); // outside the lock
    std::lock_guard<std::mutex> hold(s.lock);
    Generation *g = find(s, name);
    if (!g) {
        if (s.generations.size() == 2) s.generations.erase(s.generations.begin());
        s.generations.push_back(std::unique_ptr<Generation>(new Generation));
        g = s.generations.back().get();
        g->name = name;
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
