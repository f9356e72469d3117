// xapian-shard-threads.cc: work on several shards, the remote ones asked at
// once.  A remote shard's server does its part of a request before it
// answers (a termlist's term frequencies, a postlist a posting at a time):
// asked one after the other, the shards' servers wait for each other.

#include <exception>
#include <thread>

#include "xapian-internal.hh"

namespace xcw {

void each_shard(const std::vector<bool> &remote, const std::function<void(size_t)> &read) {
    // which thread reads each shard: this one (0) the local ones, the
    // remote ones spread over up to SHARD_THREADS
    const size_t n = remote.size();
    std::vector<size_t> reader(n, 0);
    size_t remotes = 0;
    for (size_t k = 0; k < n; k++)
        if (remote[k]) reader[k] = remotes++ % SHARD_THREADS;
    auto work = [&](size_t t) {
        for (size_t k = 0; k < n; k++)
            if (reader[k] == t) read(k);
    };
    std::vector<std::thread> threads;
    std::vector<std::exception_ptr> failed(SHARD_THREADS);
    for (size_t t = 1; t < std::min(remotes, SHARD_THREADS); t++)
        threads.emplace_back([&, t] {
            try {
                work(t);
            } catch (...) {
                failed[t] = std::current_exception();
            }
        });
    try {
        work(0);
    } catch (...) {
        for (std::thread &t : threads) t.join();
        throw;
    }
    for (std::thread &t : threads) t.join();
    for (const std::exception_ptr &e : failed)
        if (e) std::rethrow_exception(e);
}

}  // namespace xcw
