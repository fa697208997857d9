#include "core/backend_status.h"
#include "core/launch_config.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

TEST(LaunchConfig, ReadsThePortalAttributes) {
    ParsedLaunchConfig p = parse_launch_config(
        {{"backend", "https://jyj.hengnan.gov.cn/gongyu-store"}, {"township", "430422105"}, {"role", "teacher"}});
    EXPECT_TRUE(p.warnings.empty());
    EXPECT_EQ(p.config.backend_url, "https://jyj.hengnan.gov.cn/gongyu-store/");
    EXPECT_EQ(p.config.township, "430422105");
    EXPECT_EQ(p.config.role, Role::TeacherOrCadre);
}

TEST(LaunchConfig, TheCountysPublicKeyIs64HexDigits) {
    const std::string key(64, 'a');
    EXPECT_EQ(parse_launch_config({{"county-key", key}}).config.county_key, key);
    ParsedLaunchConfig bad = parse_launch_config({{"county-key", "abc"}});
    EXPECT_EQ(bad.config.county_key, "");
    ASSERT_EQ(bad.warnings.size(), 1u);
    EXPECT_EQ(bad.warnings[0].key, "county-key");
}

TEST(LaunchConfig, BadValuesWarnAndKeepDefaults) {
    ParsedLaunchConfig p = parse_launch_config(
        {{"backend", "javascript:alert(1)"}, {"role", "admin"}, {"township", "../etc"}, {"colour", "red"}});
    EXPECT_EQ(p.warnings.size(), 3u);
    EXPECT_EQ(p.config.backend_url, LaunchConfig{}.backend_url);
    EXPECT_EQ(p.config.role, Role::TownshipClerk);
    EXPECT_TRUE(p.config.township.empty());
}

TEST(LaunchConfig, BenchmarkScreensOnlyForTests) {
    ParsedLaunchConfig p = parse_launch_config({{"bench-glyphs", "3000"}, {"bench-names", "1000"}});
    EXPECT_EQ(p.config.bench_glyphs, 0);  // a portal cannot put a user on a test screen
    EXPECT_EQ(p.config.bench_names, 0);
    p = parse_launch_config({{"test", "1"}, {"bench-glyphs", "3000"}});
    EXPECT_EQ(p.config.bench_glyphs, 3000);
    p = parse_launch_config({{"test", "1"}, {"bench-glyphs", "0"}});
    EXPECT_EQ(p.config.bench_glyphs, 0);
    EXPECT_EQ(p.warnings.size(), 1u);
}

TEST(LaunchConfig, RoleKeysRoundTrip) {
    for (Role r : {Role::TownshipClerk, Role::SchoolAdmin, Role::TeacherOrCadre, Role::CountyViewer}) {
        Role back;
        ASSERT_TRUE(parse_role(role_key(r), back));
        EXPECT_EQ(back, r);
    }
}

TEST(BackendStatus, BacksOffWhileOfflineAndRecovers) {
    BackendStatus s;
    EXPECT_EQ(s.reachability(), Reachability::Unknown);
    EXPECT_TRUE(s.probe_due(0));
    s.probe_started();
    EXPECT_FALSE(s.probe_due(0));  // one probe at a time
    s.probe_finished(false, 0);
    EXPECT_EQ(s.reachability(), Reachability::Offline);
    EXPECT_EQ(s.next_probe(), BackendStatus::kFirstRetry);
    double now = s.next_probe();
    double previous_gap = BackendStatus::kFirstRetry;
    for (int i = 0; i < 10; ++i) {
        s.probe_started();
        s.probe_finished(false, now);
        double gap = s.next_probe() - now;
        EXPECT_GE(gap, previous_gap);
        EXPECT_LE(gap, BackendStatus::kMaxRetry);
        previous_gap = gap;
        now = s.next_probe();
    }
    EXPECT_EQ(previous_gap, BackendStatus::kMaxRetry);
    s.probe_started();
    s.probe_finished(true, now);
    EXPECT_EQ(s.reachability(), Reachability::Online);
    EXPECT_EQ(s.last_contact(), now);
    EXPECT_EQ(s.failures(), 0);
    EXPECT_EQ(s.next_probe(), now + BackendStatus::kOnlineInterval);
}

TEST(BackendStatus, RetryNowMakesAProbeDue) {
    BackendStatus s;
    s.probe_started();
    s.probe_finished(false, 100);
    EXPECT_FALSE(s.probe_due(101));
    s.retry_now(101);
    EXPECT_TRUE(s.probe_due(101));
}

}  // namespace
}  // namespace gy

namespace gy {

TEST(LaunchConfig, AnS3BucketIsItsAbsoluteUrlAndRegion) {
    ParsedLaunchConfig p = parse_launch_config({{"backend", "https://gongyu.oss-cn-changsha.aliyuncs.com"}, {"s3-region", "oss-cn-changsha"}});
    EXPECT_TRUE(p.warnings.empty());
    EXPECT_EQ(p.config.backend_url, "https://gongyu.oss-cn-changsha.aliyuncs.com/");
    EXPECT_EQ(p.config.s3_region, "oss-cn-changsha");
    // A relative bucket cannot be signed for: warned, and the default store stays.
    p = parse_launch_config({{"backend", "store/"}, {"s3-region", "oss-cn-changsha"}});
    ASSERT_EQ(p.warnings.size(), 1u);
    EXPECT_EQ(p.config.s3_region, "");
    p = parse_launch_config({{"backend", "https://b.example/"}, {"s3-region", "cn north"}});
    EXPECT_EQ(p.warnings.size(), 1u);
    EXPECT_EQ(p.config.s3_region, "");
}

}  // namespace gy
