// The county's figures (core/county_figures.h): counts only, sealed for the
// county's key after a sync round, opened by that key and no other.
#include "core/county_figures.h"
#include "core/local_state.h"
#include "core/seal.h"
#include "core/storage.h"
#include "core/sync_service.h"
#include "../ui/memory_http.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const double kNow = 1795400000000;  // 2026-11-23

TEST(CountyFigures, GoUpSealedForTheCountyAfterARoundWithCountsOnly) {
    MemoryStorage storage;
    LocalState local(storage);
    local.load(kNow, 0x00000a);
    local.fill_with_sample_county(0.01, kNow);
    local.save_keys(new_keyring("430422105"), [](bool) {});
    test::MemoryHttp server;
    DirectVault vault;
    SyncService sync(server.handler(), "http://s/430422105/", local, vault);
    const SecretKey county = new_county_secret();
    sync.set_county_key(county_public(county));

    sync.poll(kNow);
    ASSERT_TRUE(sync.last_report().problems.empty());
    ASSERT_EQ(sync.figures_sent(), 1u);
    const std::string path = county_figures_path(local.ledger().device());
    const std::string& sealed = server.files.at("http://s/430422105/" + path);
    Result<Opened> opened = open_as_county(county, path, sealed);
    ASSERT_TRUE(opened) << opened.error().detail;
    Result<TownshipFigures> figures = figures_from_json(opened.value().plain);
    ASSERT_TRUE(figures);
    const TownshipFigures expected = township_figures(local.ledger(), "430422105", china_date(kNow));
    EXPECT_GT(figures.value().special, 0);
    EXPECT_EQ(figures.value().special, expected.special);
    EXPECT_EQ(figures.value().surveyed, expected.surveyed);
    EXPECT_EQ(figures.value().by_category, expected.by_category);
    for (const Record& s : local.ledger().records(Kind::Student))  // no child's name leaves in them
        EXPECT_EQ(opened.value().plain.find(s.value(field_index(Kind::Student, "name"))), std::string::npos);
    EXPECT_FALSE(open_file(local.keys(), path, sealed));  // not even the township's own key opens them

    sync.sync_now(kNow + 1000);
    sync.poll(kNow + 1000);  // nothing changed: not sent again
    EXPECT_EQ(sync.figures_sent(), 1u);
}

}  // namespace
}  // namespace gy
