// SyncService's schedule: rounds back off while the server fails, and
// 立即同步 always leads to a round — at once, or right after the one running.
#include "core/local_state.h"
#include "core/seal.h"
#include "core/storage.h"
#include "core/sync_service.h"
#include "../ui/memory_http.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const double kNow = 1795400000000;  // 2026-11-23

// The server in memory behind a link that can be down, or hold its answers.
struct Link {
    test::MemoryHttp server;
    bool down = false, hold = false;
    std::vector<std::function<void()>> held;

    HttpFn handler() {
        return [this](const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
            auto answer = [this, method, url, body = std::move(body), done = std::move(done)]() mutable {
                if (down) return done({0, {}});
                server.handler()(method, url, std::move(body), std::move(done));
            };
            if (hold) return held.push_back(std::move(answer));
            answer();
        };
    }
    void release() {
        hold = false;
        while (!held.empty()) {
            auto next = std::move(held.front());
            held.erase(held.begin());
            next();
        }
    }
};

struct Township {
    MemoryStorage storage;
    LocalState local{storage};
    DirectVault vault;
    Link link;
    SyncService sync{link.handler(), "http://s/430422105/", local, vault};
    Township() {
        local.load(kNow, 0x00000a);
        local.save_keys(new_keyring("430422105"), [](bool) {});
    }
};

TEST(SyncService, RoundsBackOffWhileTheServerFailsAndSyncNowStartsOver) {
    Township t;
    t.link.down = true;
    double now = kNow;
    for (double expected_wait : {2'000, 4'000, 8'000, 16'000}) {
        t.sync.poll(now);
        ASSERT_EQ(t.sync.last_report().problems.at(0).error.code, ErrorCode::Unreachable);
        EXPECT_EQ(t.sync.next_due(), now + expected_wait);
        now = t.sync.next_due();
    }
    t.sync.sync_now(now - 10'000);  // pressed 10 s into a 32 s wait
    EXPECT_EQ(t.sync.next_due(), now - 10'000);
    t.sync.poll(now - 10'000);
    EXPECT_EQ(t.sync.next_due(), now - 10'000 + 2'000);  // the backoff started over

    t.link.down = false;
    t.sync.poll(now - 8'000);
    EXPECT_TRUE(t.sync.last_report().problems.empty());
    EXPECT_EQ(t.sync.next_due(), now - 8'000 + SyncService::kInterval);
}

TEST(SyncService, SyncNowPressedDuringARoundRunsAnotherRightAfterIt) {
    Township t;
    t.link.down = true, t.link.hold = true;
    t.sync.poll(kNow);
    ASSERT_TRUE(t.sync.running());
    for (int failed = 0; failed < 3; ++failed) {  // earlier failures would make the next round wait
        t.link.release(), t.link.hold = true;
        t.sync.poll(t.sync.next_due());
    }
    ASSERT_TRUE(t.sync.running());
    const size_t rounds = t.sync.rounds();
    t.sync.sync_now(kNow + 20'000);  // the faults stopped; the clerk presses 立即同步 mid-round
    t.link.release();  // the round that was running ends, with its problem
    t.link.down = false;
    EXPECT_EQ(t.sync.rounds(), rounds + 1);
    EXPECT_FALSE(t.sync.last_report().problems.empty());
    EXPECT_LE(t.sync.next_due(), kNow + 20'000);  // not after a backoff
    t.sync.poll(kNow + 20'016);
    EXPECT_EQ(t.sync.rounds(), rounds + 2);
    EXPECT_TRUE(t.sync.last_report().problems.empty());
}

}  // namespace
}  // namespace gy
