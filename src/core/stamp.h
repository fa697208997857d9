// stamp.h — which of two writes to the same field happened later, agreed by every device.
//
// Devices edit offline and their clocks are wrong by minutes or days. Each
// commit carries a hybrid logical clock reading (HLC: wall-clock
// milliseconds, plus a counter for events within one millisecond or while the
// wall clock lags what the device has already seen) and the device that made
// it. A device's clock never goes back and always moves past every stamp it
// has received, so a write made after seeing another is stamped later, however
// wrong the wall clocks. Concurrent writes are ordered by (clock, device):
// every device picks the same winner.
// Depends on: nothing.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>

namespace gy {

struct Stamp {
    uint64_t clock = 0;   // milliseconds since 1970 << 16 | counter
    uint32_t device = 0;  // the 24-bit device ID of RecordId

    auto operator<=>(const Stamp&) const = default;
    bool empty() const { return clock == 0; }
    int64_t wall_ms() const { return static_cast<int64_t>(clock >> 16); }
};

class HybridClock {
public:
    static constexpr uint64_t kCounterMask = 0xFFFF;

    // A stamp for a local event at wall time now_ms: later than anything seen.
    uint64_t tick(int64_t now_ms) {
        const uint64_t wall = static_cast<uint64_t>(std::max<int64_t>(now_ms, 0)) << 16;
        last_ = wall > last_ ? wall : last_ + 1;  // the counter overflowing into the milliseconds is fine: still later
        return last_;
    }
    // Remembers a stamp from elsewhere, so that later local stamps are later still.
    void observe(uint64_t clock) { last_ = std::max(last_, clock); }
    uint64_t last() const { return last_; }

private:
    uint64_t last_ = 0;
};

}  // namespace gy
