// index-bytes: where a scrutiny database's position table goes, by term
// prefix, and how long its passages are in positions.
//
//   c++ -O2 -o index-bytes bench/index-bytes.cc -lxapian
//   index-bytes DB
//
// Per prefix: the (term, document) pairs that have positions (each is one
// entry of the position table: its key holds the term and the document
// id), their positions, how many hold a single position, and an estimate
// of the bytes of their interpolative codes (about log2(span / count) bits
// a position, plus the first and last).  Then the same estimate if the
// passages were laid out with a smaller gap between them (positions
// moved down by what the gap saves, passage by passage, through the starts
// in value slot 7), and the passages' lengths in positions (the window of
// kind: and --match passage must exceed the longest).
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

const unsigned SLOT_STARTS = 7;     // lib/store/schema.h
const long WINDOW = 4000;           // PASSAGE_WINDOW in lib/store/schema.h
const long GAPS[] = {4000, 1000, 500, 100, 0};

struct Counts {
    double entries = 0, positions = 0, single = 0, bits = 0, key_bytes = 0;
};

std::string prefix_of(const std::string &term) {
    size_t i = 0;
    while (i < term.size() && term[i] >= 'A' && term[i] <= 'Z') i++;
    return term.substr(0, i);
}

std::vector<long> starts_of(const Xapian::Document &doc) {
    std::string v = doc.get_value(SLOT_STARTS);
    std::vector<long> starts;
    for (size_t i = 0; i + 4 <= v.size(); i += 4)
        starts.push_back(((long)(unsigned char)v[i] << 24) | ((unsigned char)v[i + 1] << 16) |
                         ((unsigned char)v[i + 2] << 8) | (unsigned char)v[i + 3]);
    return starts;
}

// Bits of an interpolative code of sorted positions, roughly.
double code_bits(const std::vector<long> &p) {
    size_t n = p.size();
    double ends = 2 * std::log2(std::max(2.0, (double)p.back()));
    if (n < 3) return ends;
    double span = p.back() - p.front() + 1;
    return ends + (n - 2) * std::log2(std::max(2.0, span / (n - 1)));
}

// Index of the passage holding position x (-1: the title, before them).
long passage_of(const std::vector<long> &starts, long x) {
    return std::upper_bound(starts.begin(), starts.end(), x) - starts.begin() - 1;
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: index-bytes DB\n");
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        std::map<std::string, Counts> by_prefix;
        std::vector<double> gap_bits(sizeof GAPS / sizeof *GAPS);
        std::map<long, long> lengths; // by hundreds of positions
        long longest = 0, passages = 0;
        for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
            Xapian::Document doc = db.get_document(*d);
            std::vector<long> starts = starts_of(doc), last(starts.size(), 0);
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                if (!t.positionlist_count()) continue;
                std::vector<long> p(t.positionlist_begin(), t.positionlist_end());
                Counts &c = by_prefix[prefix_of(*t)];
                c.entries++;
                c.positions += p.size();
                c.single += p.size() == 1;
                c.bits += code_bits(p);
                c.key_bytes += (*t).size() + 4;
                for (size_t g = 0; g < gap_bits.size(); g++) {
                    std::vector<long> moved;
                    for (long x : p) moved.push_back(x - (passage_of(starts, x) + 1) * (WINDOW - GAPS[g]));
                    gap_bits[g] += code_bits(moved);
                }
                for (long x : p) {
                    long k = passage_of(starts, x);
                    if (k >= 0) last[k] = std::max(last[k], x - starts[k] + 1);
                }
            }
            for (long len : last) {
                lengths[len / 100 * 100]++;
                longest = std::max(longest, len);
                passages++;
            }
        }
        std::printf("| prefix | entries | positions | single | code bytes (est.) | key bytes |\n|---|---|---|---|---|---|\n");
        for (auto &e : by_prefix)
            std::printf("| %s | %.0f | %.0f | %.0f | %.0f | %.0f |\n", e.first.c_str(), e.second.entries,
                        e.second.positions, e.second.single, e.second.bits / 8, e.second.key_bytes);
        for (size_t g = 0; g < gap_bits.size(); g++)
            std::printf("gap %ld: codes %.2f MB (est.)\n", GAPS[g], gap_bits[g] / 8e6);
        for (auto &l : lengths) std::printf("passages of %ld-%ld positions: %ld\n", l.first, l.first + 99, l.second);
        std::printf("passages %ld, the longest %ld positions\n", passages, longest);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "index-bytes: %s: %s\n", argv[1], e.get_description().c_str());
        return 1;
    }
    return 0;
}
