// synthetic.h — realistic made-up people for tests and benchmarks.
//
// Names follow the frequency of Chinese surnames (Hunan's most common ones
// first), with one- or two-character given names, mostly from common name
// characters, some from the whole General Standard (so a county's list holds
// thousands of distinct characters, as real ones do), and about one child in a
// hundred with a rare character (祜 堃 琤 䶮 𠮷 …). Deterministic: the same
// seed gives the same people on every machine.
// Depends on: pinyin.h (the standard character list).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gy {

class SyntheticPeople {
public:
    explicit SyntheticPeople(uint64_t seed) : state_(seed * 2654435761u + 1) {}
    std::string name();
    std::vector<std::string> names(size_t count);
    uint32_t next();  // xorshift; public so other generators share one stream

private:
    uint64_t state_;
};

}  // namespace gy
