// The county's side (core/county_view.h): every township's latest figures,
// opened with the county's key; what does not open is named, the rest goes on.
#include "core/county_view.h"
#include "memory_s3.h"
#include "memory_server.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

TownshipFigures figures(std::string township, std::string as_of, int special, int surveyed, int visited, int pairs,
                        std::vector<std::pair<std::string, int>> categories = {}) {
    return {std::move(township), std::move(as_of), special, surveyed, visited, pairs, std::move(categories)};
}

TEST(CountyView, TheLatestFiguresOfEachTownshipAndTheirTotal) {
    const std::vector<TownshipFigures> all{
        figures("430422106", "2026-11-23", 5, 5, 2, 1, {{"留守儿童", 3}}),
        figures("430422105", "2026-11-20", 10, 4, 1, 1, {{"留守儿童", 6}}),
        figures("430422105", "2026-11-23", 12, 9, 6, 3, {{"留守儿童", 7}, {"单亲家庭", 2}}),
        figures("430422105", "2026-11-23", 11, 9, 6, 3),  // a second device, same day: the first one given stays
        figures("430422105", "2026-11-21", 11, 8, 5, 3),
    };
    const std::vector<TownshipFigures> latest = latest_per_township(all);
    ASSERT_EQ(latest.size(), 2u);
    EXPECT_EQ(latest[0].township, "430422105");
    EXPECT_EQ(latest[0].special, 12);
    EXPECT_EQ(latest[1].township, "430422106");
    const TownshipFigures total = county_total(latest);
    EXPECT_EQ(total.special, 17);
    EXPECT_EQ(total.surveyed, 14);
    EXPECT_EQ(total.visited_this_semester, 8);
    EXPECT_EQ(total.active_pairs, 4);
    const std::vector<std::pair<std::string, int>> categories{{"留守儿童", 10}, {"单亲家庭", 2}};
    EXPECT_EQ(total.by_category, categories);
}

TEST(CountyView, TheSheetHasAHeaderARowPerTownshipAndTheTotal) {
    CountyReport report;
    report.townships = {figures("430422105", "2026-11-23", 12, 9, 6, 3, {{"留守儿童", 7}}), figures("430422106", "2026-11-22", 0, 0, 0, 0)};
    const CountyWords words{"乡镇", "截至日期", "特殊群体儿童", "已摸底", "摸底率", "本学期已家访", "家访覆盖率", "在帮结对", "合计"};
    const Sheet sheet = county_sheet(report, words);
    ASSERT_EQ(sheet.size(), 4u);
    const std::vector<std::string> header{"乡镇", "截至日期", "特殊群体儿童", "已摸底", "摸底率", "本学期已家访", "家访覆盖率", "在帮结对", "留守儿童"};
    EXPECT_EQ(sheet[0], header);
    const std::vector<std::string> first{"430422105", "2026-11-23", "12", "9", "75%", "6", "50%", "3", "7"};
    EXPECT_EQ(sheet[1], first);
    const std::vector<std::string> empty{"430422106", "2026-11-22", "0", "0", "—", "0", "—", "0", "0"};
    EXPECT_EQ(sheet[2], empty);
    const std::vector<std::string> total{"合计", "", "12", "9", "75%", "6", "50%", "3", "7"};
    EXPECT_EQ(sheet[3], total);
    const std::vector<CellType> types = county_column_types(sheet);
    EXPECT_EQ(types[0], CellType::Text);
    EXPECT_EQ(types[1], CellType::Date);
    EXPECT_EQ(types[2], CellType::Number);
    EXPECT_EQ(types[4], CellType::Text);
}

TEST(CountyView, TheTrendHasAColumnPerMonthARowPerTownshipAndTheTotal) {
    const auto months_from = [](int year, int month, std::vector<int> visits) {
        std::vector<MonthFigures> out;
        for (int v : visits) {
            char m[8];
            std::snprintf(m, sizeof m, "%04d-%02d", year, month);
            out.push_back({m, v, v / 2, 10 + v});
            if (++month == 13) month = 1, ++year;
        }
        return out;
    };
    CountyReport report;
    report.townships = {figures("430422105", "2026-11-23", 12, 9, 6, 3), figures("430422106", "2026-10-31", 5, 5, 2, 1),
                        figures("430422107", "2026-11-20", 1, 1, 1, 1)};
    report.townships[0].months = months_from(2025, 12, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    report.townships[1].months = months_from(2025, 11, {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4});  // sent in October
    // 430422107 sent figures before months were added: a row without a past.
    const Sheet visits = county_trend_sheet(report, TrendMeasure::Visits, "乡镇", "合计");
    ASSERT_EQ(visits.size(), 5u);
    ASSERT_EQ(visits[0].size(), 13u);
    EXPECT_EQ(visits[0][0], "乡镇");
    EXPECT_EQ(visits[0][1], "2025年12月");
    EXPECT_EQ(visits[0][12], "2026年11月");
    EXPECT_EQ(visits[1][12], "12");
    EXPECT_EQ(visits[2][11], "4") << "430422106's October";
    EXPECT_EQ(visits[2][12], "") << "430422106 has not reported November";
    EXPECT_EQ(visits[3][1], "");
    EXPECT_EQ(visits[4][0], "合计");
    EXPECT_EQ(visits[4][1], "2") << "December: 1 + 1";
    EXPECT_EQ(visits[4][11], "15") << "October: 11 + 4";
    EXPECT_EQ(visits[4][12], "12");
    const Sheet pairs = county_trend_sheet(report, TrendMeasure::ActivePairs, "乡镇", "合计");
    EXPECT_EQ(pairs[1][12], "22");
    EXPECT_EQ(county_trend_sheet(report, TrendMeasure::Surveys, "乡镇", "合计")[1][12], "6");
    // The month-end special-group children: 430422106's build did not count them (-1): empty, not in the total.
    for (MonthFigures& m : report.townships[0].months) m.special = 20 + m.visits;
    const Sheet special = county_trend_sheet(report, TrendMeasure::Special, "乡镇", "合计");
    EXPECT_EQ(special[1][12], "32");
    EXPECT_EQ(special[2][11], "");
    EXPECT_EQ(special[4][11], "31") << "October: 430422105's alone";
    const std::vector<CellType> types = trend_column_types(visits);
    EXPECT_EQ(types[0], CellType::Text);
    EXPECT_EQ(types[12], CellType::Number);
}

// One township device's figures, sealed for a county key, at <township>/aggregates/<device>.gya.
void put_figures(MemoryServer& server, const PublicKey& county, const std::string& folder, uint32_t device, const TownshipFigures& f) {
    const Keyring keys = new_keyring(f.township);
    const std::string path = county_figures_path(device);
    server.files[folder + "/" + path] = seal_for_county(county, keys, path, figures_to_json(f));
}

TEST(CountyView, TheCollectorOpensEveryTownshipsFiguresAndNamesWhatDoesNotOpen) {
    MemoryServer server;
    DirectVault vault;
    const SecretKey county = new_county_secret(), other = new_county_secret();
    put_figures(server, county_public(county), "430422105", 1, figures("430422105", "2026-11-20", 10, 4, 1, 1));
    put_figures(server, county_public(county), "430422105", 2, figures("430422105", "2026-11-23", 12, 9, 6, 3));
    put_figures(server, county_public(county), "430422106", 3, figures("430422106", "2026-11-23", 5, 5, 2, 1));
    put_figures(server, county_public(other), "430422106", 4, figures("430422106", "2026-11-24", 99, 99, 99, 99));  // a portal with a wrong key
    put_figures(server, county_public(county), "430422107", 5, figures("430422107", "2026-11-23", 7, 7, 7, 7));
    server.files["430422107/aggregates/000005.gya"][60] ^= 1;  // changed on the server
    put_figures(server, county_public(county), "430422109", 6, figures("430422105", "2026-11-25", 1, 1, 1, 1));  // moved to another folder
    server.files["430422108/keys/township.gyk"] = "{}";  // a township that has not reported yet
    server.files["county/county.gyk"] = "{}";            // the county's own folder is no township

    CountyCollector collector(server, vault);
    CountyReport report;
    bool finished = false;
    ASSERT_TRUE(collector.collect(county, [&](CountyReport r) { report = std::move(r), finished = true; }));
    ASSERT_TRUE(finished);
    ASSERT_EQ(report.townships.size(), 2u);
    EXPECT_EQ(report.townships[0].township, "430422105");
    EXPECT_EQ(report.townships[0].special, 12);
    EXPECT_EQ(report.townships[1].township, "430422106");
    EXPECT_EQ(report.townships[1].special, 5);
    EXPECT_EQ(report.silent, std::vector<std::string>{"430422108"});
    ASSERT_EQ(report.problems.size(), 3u);
    EXPECT_EQ(report.problems[0].path, "430422106/aggregates/000004.gya");
    EXPECT_EQ(report.problems[0].error.code, ErrorCode::WrongKey);
    EXPECT_EQ(report.problems[1].path, "430422107/aggregates/000005.gya");
    EXPECT_EQ(report.problems[1].error.code, ErrorCode::Tampered);
    EXPECT_EQ(report.problems[2].path, "430422109/aggregates/000006.gya");
    EXPECT_EQ(report.problems[2].error.code, ErrorCode::OtherTownship);
}

TEST(CountyView, AnUnreachableServerIsOneProblemAndNothingElse) {
    MemoryServer server;
    server.fail_request = [] { return true; };
    DirectVault vault;
    CountyCollector collector(server, vault);
    CountyReport report;
    collector.collect(new_county_secret(), [&](CountyReport r) { report = std::move(r); });
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].error.code, ErrorCode::Unreachable);
    EXPECT_TRUE(report.townships.empty());
}

// In S3 storage the county reads with an access key of its own, which the bucket policy lets list
// the townships and read their aggregates/ only: the figures come, a township's change files do not.
TEST(CountyView, InS3TheCountysOwnKeyReadsEveryTownshipsFiguresAndNothingElse) {
    test::MemoryS3 bucket;
    DirectVault vault;
    const SecretKey county = new_county_secret();
    for (const auto& [township, special] : {std::pair{"430422105", 12}, {"430422106", 5}}) {
        const std::string path = county_figures_path(7);
        bucket.objects[std::string(township) + "/" + path] =
            seal_for_county(county_public(county), new_keyring(township), path, figures_to_json(figures(township, "2026-11-23", special, 1, 1, 1)));
        bucket.objects[std::string(township) + "/changes/000007/1.gys"] = "a township's sealed change file";
    }
    bucket.objects["county/county.gyk"] = "{the county's key file}";
    S3Credential credential = bucket.county;
    auto root = remote_folder(bucket.handler(), bucket.bucket_url, {bucket.bucket_url, "oss-cn-changsha", [&] { return bucket.now * 1000.0; }},
                              vault, [&] { return credential; });

    CountyCollector collector(*root, vault);
    CountyReport report;
    ASSERT_TRUE(collector.collect(county, [&](CountyReport r) { report = std::move(r); }));
    ASSERT_EQ(report.townships.size(), 2u) << bucket.last_refusal;
    EXPECT_EQ(report.townships[0].special, 12);
    EXPECT_EQ(report.townships[1].special, 5);
    EXPECT_TRUE(report.problems.empty());
    EXPECT_EQ(bucket.refused, 0u) << bucket.last_refusal;

    std::optional<Result<std::string>> changes, key_file;
    root->get("430422105/changes/000007/1.gys", [&](Result<std::string> r) { changes = std::move(r); });
    EXPECT_EQ(changes->error().code, ErrorCode::ServerRefused) << "the county's key reads no township's records";
    credential = {};
    root->get(kCountyKeyFilePath, [&](Result<std::string> r) { key_file = std::move(r); });
    EXPECT_EQ(key_file->value(), "{the county's key file}") << "read unsigned, like a township's key file";

    credential = {bucket.county.access_key, "revoked or mistyped"};
    ASSERT_TRUE(collector.collect(county, [&](CountyReport r) { report = std::move(r); }));
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_TRUE(storage_key_refused(report.problems[0].error)) << report.problems[0].error.detail;
    EXPECT_TRUE(report.townships.empty());
}

// The county's key pair is kept like a township's data key: a key file under a passphrase and a code.
TEST(CountyView, TheCountyKeyIsWrappedLikeATownshipsAndOnlyUnderItsOwnName) {
    Result<Enrolment> e = wrap_keys(new_keyring(kCountyKeyName), "县教育局共育2026");
    ASSERT_TRUE(e);
    const PublicKey public_key = county_public(e.value().keys.data);
    Result<Keyring> by_passphrase = unlock_key_file(e.value().key_file, kCountyKeyName, "县教育局共育2026");
    ASSERT_TRUE(by_passphrase);
    EXPECT_EQ(county_public(by_passphrase.value().data), public_key);
    Result<Keyring> by_code = unlock_key_file(e.value().key_file, kCountyKeyName, e.value().recovery_code);
    ASSERT_TRUE(by_code);
    EXPECT_EQ(by_code.value().data, e.value().keys.data);
    EXPECT_EQ(unlock_key_file(e.value().key_file, kCountyKeyName, "县教育局共育2025").error().code, ErrorCode::WrongPassphrase);
    Result<Enrolment> township = wrap_keys(new_keyring("430422105"), "大塘镇共育2026");
    EXPECT_EQ(unlock_key_file(township.value().key_file, kCountyKeyName, "大塘镇共育2026").error().code, ErrorCode::OtherTownship);
}

}  // namespace
}  // namespace gy
