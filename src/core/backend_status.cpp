#include "backend_status.h"

namespace gy {

void BackendStatus::probe_finished(bool reachable, double now) {
    probing_ = false;
    if (reachable) {
        state_ = Reachability::Online;
        last_contact_ = now;
        failures_ = 0;
        retry_delay_ = kFirstRetry;
        next_probe_ = now + kOnlineInterval;
        return;
    }
    state_ = Reachability::Offline;
    ++failures_;
    next_probe_ = now + retry_delay_;
    retry_delay_ = retry_delay_ * 2 > kMaxRetry ? kMaxRetry : retry_delay_ * 2;
}

}  // namespace gy
