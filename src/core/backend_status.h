// backend_status.h — is the sync server reachable, and when to ask again.
//
// The platform probes the backend (an HTTP HEAD in the browser); this state
// machine decides when, backing off while the link is down so a township on a
// weak line is not flooded with requests, and remembers the last contact for
// the status bar. Time is passed in (milliseconds), so tests need no clock.
// Depends on: nothing.
#pragma once

namespace gy {

enum class Reachability { Unknown, Online, Offline };

class BackendStatus {
public:
    static constexpr double kOnlineInterval = 60'000;  // re-check a working link once a minute
    static constexpr double kFirstRetry = 2'000;
    static constexpr double kMaxRetry = 120'000;

    bool probe_due(double now) const { return !probing_ && now >= next_probe_; }
    void probe_started() { probing_ = true; }
    void probe_finished(bool reachable, double now);
    void retry_now(double now) { next_probe_ = now; }  // connectivity came back, user asked

    Reachability reachability() const { return state_; }
    double last_contact() const { return last_contact_; }  // 0 = never
    double next_probe() const { return next_probe_; }
    int failures() const { return failures_; }

private:
    Reachability state_ = Reachability::Unknown;
    bool probing_ = false;
    double next_probe_ = 0;
    double last_contact_ = 0;
    double retry_delay_ = kFirstRetry;
    int failures_ = 0;
};

}  // namespace gy
