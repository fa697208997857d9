// pinyin_ext_b.cpp — the readings of CJK Extension B, apart from pinyin.cpp: linked into native builds
// and into the browser's files module, not into the browser app's first download (pinyin.h).
#include "pinyin.h"

namespace gy {

#include "pinyin_ext_b.inc"

std::span<const uint16_t> extension_b_table() { return kExtBReadings; }

}  // namespace gy
