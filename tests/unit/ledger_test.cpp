#include "core/ledger.h"
#include "core/ledger_store.h"

#include "same_records.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};
const int64_t kNow = 1795400000000;

std::string valid_id(const std::string& first17) { return first17 + id_check_character(first17); }

int field(Kind kind, const char* key) {
    int f = field_index(kind, key);
    EXPECT_GE(f, 0) << key;
    return f;
}

// A township with one joint school, campus and class, a village and a helper.
struct Township {
    Ledger ledger{0x3fa2c1};
    RecordId township, village, school, campus, klass, helper;

    RecordId create(Kind kind, std::vector<std::pair<const char*, std::string>> values) {
        RecordId id = ledger.new_id(kind);
        Edit e;
        for (auto& [key, v] : values) e.fields.push_back({id, field(kind, key), v});
        Outcome o = ledger.commit(e, "王丽 @ 办公室电脑", kNow, kToday);
        EXPECT_TRUE(o.ok()) << (o.problems.empty() ? "" : o.problems[0].detail);
        return id;
    }

    Township() {
        township = create(Kind::Township, {{"name", "大塘镇"}});
        village = create(Kind::Village, {{"name", "石桥村"}, {"township", township.text()}});
        school = create(Kind::School, {{"name", "大塘镇校联体"}, {"township", township.text()}});
        campus = create(Kind::Campus, {{"name", "石桥教学点"}, {"school", school.text()}, {"type", "教学点"}});
        klass = create(Kind::Class, {{"name", "三年级1班"}, {"campus", campus.text()}, {"grade", "3"}});
        helper = create(Kind::Helper, {{"name", "李明"}, {"role", "党员"}, {"township", township.text()}});
    }

    RecordId student(const std::string& name, const std::string& id_number = "") {
        return create(Kind::Student, {{"name", name}, {"sex", "女"}, {"class", klass.text()}, {"id_number", id_number}});
    }
};

TEST(Ledger, ANewStudentGetsCanonicalValues) {
    Township t;
    RecordId id = t.create(Kind::Student, {{"name", " 刘䶮 "}, {"sex", "男"}, {"class", t.klass.text()},
                                           {"birth_date", "2015年6月7日"}, {"categories", "留守、低保"},
                                           {"id_number", " " + valid_id("43042220150607123")}});
    const Record* r = t.ledger.find(id);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->value(field(Kind::Student, "name")), "刘䶮");
    EXPECT_EQ(r->value(field(Kind::Student, "sex")), "m");
    EXPECT_EQ(r->value(field(Kind::Student, "birth_date")), "2015-06-07");
    EXPECT_EQ(r->value(field(Kind::Student, "categories")), "left_behind low_income");
    EXPECT_EQ(t.ledger.find_by_id_number(Kind::Student, r->value(field(Kind::Student, "id_number"))), id);
}

TEST(Ledger, ARefusedEditChangesNothingAndSaysWhy) {
    Township t;
    const uint64_t before = t.ledger.revision();
    RecordId id = t.ledger.new_id(Kind::Student);
    Edit e;
    e.fields = {{id, field(Kind::Student, "name"), ""},
                {id, field(Kind::Student, "id_number"), "430422201506071230"},
                {id, field(Kind::Student, "birth_date"), "2027-01-01"},
                {id, field(Kind::Student, "class"), t.campus.text()}};
    Outcome o = t.ledger.commit(e, "x", kNow, kToday);
    ASSERT_FALSE(o.ok());
    auto has = [&](Problem p, const char* key) {
        for (const FieldProblem& fp : o.problems)
            if (fp.problem == p && fp.field == field(Kind::Student, key)) return true;
        return false;
    };
    EXPECT_TRUE(has(Problem::Required, "name"));
    EXPECT_TRUE(has(Problem::Required, "sex"));
    EXPECT_TRUE(has(Problem::BadIdNumber, "id_number"));
    EXPECT_TRUE(has(Problem::DateOutOfRange, "birth_date"));
    EXPECT_TRUE(has(Problem::WrongKind, "class"));
    EXPECT_EQ(t.ledger.find(id), nullptr);
    EXPECT_EQ(t.ledger.revision(), before);
}

TEST(Ledger, BirthDateAndSexComeFromTheIdNumberWhenEmpty) {
    Township t;
    RecordId id = t.create(Kind::Student, {{"name", "王芳"}, {"class", t.klass.text()}, {"id_number", valid_id("43042220160229124")}});
    EXPECT_EQ(t.ledger.find(id)->value(field(Kind::Student, "birth_date")), "2016-02-29");
    EXPECT_EQ(t.ledger.find(id)->value(field(Kind::Student, "sex")), "f");
}

TEST(Ledger, NormalizesPhonesAndRefusesBadOnes) {
    Township t;
    auto phone = [&](const char* text) { return t.ledger.normalize(Kind::Guardian, field(Kind::Guardian, "phone"), text, kToday); };
    EXPECT_EQ(phone("138 0734 5678").value, "13807345678");
    EXPECT_EQ(phone("+86 13807345678").value, "13807345678");
    EXPECT_EQ(phone("0734-8123456").value, "07348123456");
    EXPECT_FALSE(phone("1380734567").ok);
    EXPECT_FALSE(phone("12345678901").ok);
    EXPECT_EQ(phone("138O7345678").problem.problem, Problem::BadPhone);
}

TEST(Ledger, DuplicateIdNumbersAreRefused) {
    Township t;
    const std::string id = valid_id("43042220150607124");
    RecordId first = t.student("张三", id);
    RecordId second = t.ledger.new_id(Kind::Student);
    Edit e;
    e.fields = {{second, field(Kind::Student, "name"), "张叁"}, {second, field(Kind::Student, "sex"), "男"},
                {second, field(Kind::Student, "class"), t.klass.text()}, {second, field(Kind::Student, "id_number"), id}};
    Outcome o = t.ledger.commit(e, "x", kNow, kToday);
    ASSERT_EQ(o.problems.size(), 1u);
    EXPECT_EQ(o.problems[0].problem, Problem::DuplicateIdNumber);
    EXPECT_EQ(o.problems[0].detail, first.text());
}

TEST(Ledger, EveryChangeIsRecordedWithWhoWhenOldAndNew) {
    Township t;
    RecordId s = t.student("张三");
    Edit e;
    e.fields = {{s, field(Kind::Student, "name"), "张珊"}, {s, field(Kind::Student, "risk"), "较高"}};
    Outcome o = t.ledger.commit(e, "赵老师 @ 手机", kNow + 1000, kToday);
    ASSERT_TRUE(o.ok());
    auto history = t.ledger.history(s);
    ASSERT_GE(history.size(), 3u);
    const auto& [commit, change] = history.back();
    EXPECT_EQ(commit->author, "赵老师 @ 手机");
    EXPECT_EQ(commit->at_ms, kNow + 1000);
    EXPECT_EQ(change->field, field(Kind::Student, "risk"));
    EXPECT_EQ(change->value, "medium");
    EXPECT_EQ(change->old_value, "");
    EXPECT_EQ(history[history.size() - 2].second->old_value, "张三");
}

TEST(Ledger, AnEditThatChangesNothingMakesNoCommit) {
    Township t;
    RecordId s = t.student("张三");
    const size_t commits = t.ledger.commits().size();
    Edit e;
    e.fields = {{s, field(Kind::Student, "name"), "张三 "}};
    Outcome o = t.ledger.commit(e, "x", kNow, kToday);
    EXPECT_TRUE(o.ok());
    EXPECT_EQ(o.seq, 0u);
    EXPECT_EQ(t.ledger.commits().size(), commits);
}

TEST(Ledger, UndoPutsBackAnEditAndRemovesACreation) {
    Township t;
    RecordId s = t.student("张三");
    const uint64_t created = t.ledger.commits().back().seq;
    Edit e;
    e.fields = {{s, field(Kind::Student, "name"), "张珊"}};
    uint64_t renamed = t.ledger.commit(e, "x", kNow, kToday).seq;
    ASSERT_TRUE(t.ledger.commit(t.ledger.undo_edit(renamed, renamed), "x", kNow, kToday).ok());
    EXPECT_EQ(t.ledger.find(s)->value(0), "张三");
    ASSERT_TRUE(t.ledger.commit(t.ledger.undo_edit(created, created), "x", kNow, kToday).ok());
    EXPECT_FALSE(t.ledger.exists(s));
    EXPECT_TRUE(t.ledger.find(s)->deleted);  // a tombstone, for sync and history
}

TEST(Ledger, ARecordOthersPointAtCannotBeDeletedAlone) {
    Township t;
    RecordId s = t.student("张三");
    RecordId g = t.create(Kind::Guardian, {{"student", s.text()}, {"name", "张大山"}, {"relation", "祖父母"}});
    Edit e;
    e.deletions = {s};
    Outcome o = t.ledger.commit(e, "x", kNow, kToday);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.problems[0].problem, Problem::StillReferenced);
    e.deletions = {s, g};
    EXPECT_TRUE(t.ledger.commit(e, "x", kNow, kToday).ok());
    EXPECT_FALSE(t.ledger.exists(s));
}

TEST(Ledger, CategoriesMayBeATownshipsOwn) {
    Township t;
    RecordId own = t.create(Kind::Category, {{"name", "事实无人抚养"}});
    Normalized n = t.ledger.normalize(Kind::Student, field(Kind::Student, "categories"), "困境，事实无人抚养 困境", kToday);
    ASSERT_TRUE(n.ok);
    EXPECT_EQ(n.value, "hardship " + own.text());
    EXPECT_FALSE(t.ledger.normalize(Kind::Student, field(Kind::Student, "categories"), "外星人", kToday).ok);
}

TEST(RecordId, TextRoundTrip) {
    RecordId id = RecordId::make(Kind::Student, 0x3fa2c1, 0x1b);
    EXPECT_EQ(id.text(), "student.3fa2c1.1b");
    EXPECT_EQ(RecordId::parse("student.3fa2c1.1b"), id);
    EXPECT_FALSE(RecordId::parse("pupil.3fa2c1.1b"));
    EXPECT_FALSE(RecordId::parse("student.3fa2c1"));
    EXPECT_FALSE(RecordId::parse("student.3FA2C1.1b"));
}

// [SECTION] Store

StoredRecords stored(MemoryStorage& m) { return m.load_all().value(); }

TEST(LedgerStore, CommitsSurviveAReload) {
    MemoryStorage storage;
    LedgerStore store(storage);
    Township t;
    for (const Commit& c : t.ledger.commits()) store.save(t.ledger, std::vector<const Commit*>{&c}, [](bool ok) { EXPECT_TRUE(ok); });
    Ledger loaded;
    LedgerStore again(storage);
    EXPECT_TRUE(again.load(stored(storage), loaded, 7).empty());
    EXPECT_EQ(loaded.device(), 0x3fa2c1u);  // the first save wrote the device's ID with it
    EXPECT_EQ(loaded.title(t.klass), "三年级1班");
    EXPECT_EQ(loaded.commits().size(), t.ledger.commits().size());
    EXPECT_EQ(loaded.history(t.campus).size(), t.ledger.history(t.campus).size());
}

TEST(LedgerStore, SnapshotPlusLaterCommitsGiveTheSameLedger) {
    MemoryStorage storage;
    LedgerStore store(storage);
    Township t;
    for (const Commit& c : t.ledger.commits()) store.save(t.ledger, std::vector<const Commit*>{&c}, [](bool) {});
    store.save_snapshot(t.ledger, [](bool ok) { EXPECT_TRUE(ok); });
    RecordId s = t.student("欧阳𠮷");
    store.save(t.ledger, std::vector<const Commit*>{&t.ledger.commits().back()}, [](bool) {});

    Ledger loaded;
    LedgerStore again(storage);
    EXPECT_TRUE(again.load(stored(storage), loaded, 99).empty());
    EXPECT_EQ(again.snapshot_seq(), t.ledger.commits()[t.ledger.commits().size() - 2].seq);
    ASSERT_TRUE(loaded.exists(s));
    EXPECT_EQ(loaded.title(s), "欧阳𠮷");
    EXPECT_EQ(loaded.live_count(Kind::Student), 1u);
    EXPECT_EQ(loaded.history(s).size(), t.ledger.history(s).size());
    // New IDs never collide with loaded ones.
    EXPECT_GT(loaded.new_id(Kind::Student).counter(), s.counter());
}

// The meta sizes the indexes before the buckets come (the browser reads them in batches).
TEST(LedgerStore, TheMetaSaysHowManyRowsEachKindHad) {
    MemoryStorage storage;
    LedgerStore store(storage);
    Township t;
    t.student("欧阳𠮷");
    store.save_snapshot(t.ledger, [](bool) {});
    const nlohmann::json meta = nlohmann::json::parse(stored(storage).at("ledger/meta"));
    EXPECT_EQ(meta["rows"]["student"], t.ledger.records(Kind::Student).size());
    EXPECT_EQ(meta["rows"]["campus"], t.ledger.records(Kind::Campus).size());
    EXPECT_FALSE(meta["rows"].contains("visit"));  // none yet
    // A size that is only a hint: absurd or malformed counts change nothing that loads.
    StoredRecords records = stored(storage);
    nlohmann::json odd = meta;
    odd["rows"] = {{"student", -3}, {"nonsense", 5}, {"campus", "many"}};
    records["ledger/meta"] = odd.dump();
    Ledger loaded;
    EXPECT_TRUE(LedgerStore(storage).load(records, loaded, 9).empty());
    EXPECT_EQ(loaded.live_count(Kind::Student), t.ledger.live_count(Kind::Student));
}

TEST(LedgerStore, ADamagedBucketIsReportedAndRebuiltFromTheLog) {
    MemoryStorage storage;
    LedgerStore store(storage);
    Township t;
    for (const Commit& c : t.ledger.commits()) store.save(t.ledger, std::vector<const Commit*>{&c}, [](bool) {});
    store.save_snapshot(t.ledger, [](bool) {});
    const std::string key = bucket_key(Kind::Class, bucket_of(t.klass));
    storage.put(key, "{\"format\":\"gongyu.ledger.bucket\",\"version\":1,\"kind\":\"class\",\"fie", [](bool) {});
    Ledger loaded;
    LedgerStore again(storage);
    auto problems = again.load(stored(storage), loaded, 1);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].key, key);
    EXPECT_EQ(problems[0].error.code, ErrorCode::InvalidJson);
    EXPECT_EQ(loaded.title(t.klass), "三年级1班");
}

// A bucket as builds before version 2 wrote it: the same header, the rows as one JSON string.
std::string as_version_1(const std::string& bucket) {
    const size_t eol = bucket.find('\n');
    nlohmann::json j = nlohmann::json::parse(bucket.substr(0, eol));
    j["version"] = 1;
    j["rows"] = bucket.substr(eol + 1);
    return j.dump();
}

// The migration path: a store whose snapshot the previous build wrote (version 1
// buckets) opens whole, takes new commits, and its next snapshot is version 2.
TEST(LedgerStore, AStoreWithVersion1BucketsOpensAndMovesOn) {
    MemoryStorage storage;
    LedgerStore store(storage);
    Township t;
    RecordId s = t.student("张三", valid_id("43042220150607123"));
    RecordId gone = t.student("李四");
    Edit e;
    e.fields = {{s, field(Kind::Student, "household"), "父亲\t外出\n母亲 \\ 在家"}};
    e.deletions = {gone};
    ASSERT_TRUE(t.ledger.commit(e, "x", kNow, kToday).ok());
    for (const Commit& c : t.ledger.commits()) store.save(t.ledger, std::vector<const Commit*>{&c}, [](bool) {});
    store.save_snapshot(t.ledger, [](bool ok) { EXPECT_TRUE(ok); });
    int buckets = 0;
    for (auto& [key, text] : stored(storage))
        if (key.starts_with("ledger/snap/")) storage.put(key, as_version_1(text), [](bool) {}), ++buckets;
    ASSERT_GT(buckets, 5);

    Ledger loaded;
    LedgerStore again(storage);
    EXPECT_TRUE(again.load(stored(storage), loaded, 7).empty());
    expect_same_records(t.ledger, loaded);
    EXPECT_EQ(loaded.find_by_id_number(Kind::Student, valid_id("43042220150607123")), s);
    EXPECT_EQ(loaded.history(s).size(), t.ledger.history(s).size());

    // A commit after the upgrade, then a snapshot: version 2 buckets beside the log.
    Edit rename;
    rename.fields = {{s, field(Kind::Student, "name"), "张三丰"}};
    ASSERT_TRUE(loaded.commit(rename, "x", kNow, kToday).ok());
    again.save(loaded, std::vector<const Commit*>{&loaded.commits().back()}, [](bool) {});
    again.save_snapshot(loaded, [](bool) {});
    EXPECT_NE(stored(storage).at(bucket_key(Kind::Student, bucket_of(s))).find("\"version\":2"), std::string::npos);
    Ledger reloaded;
    LedgerStore third(storage);
    EXPECT_TRUE(third.load(stored(storage), reloaded, 7).empty());
    expect_same_records(loaded, reloaded);
    EXPECT_EQ(reloaded.title(s), "张三丰");
}

TEST(LedgerStore, Version2BucketsAreCheckedLikeVersion1) {
    Ledger l;
    EXPECT_EQ(load_bucket(R"({"format":"gongyu.ledger.bucket","version":2,"kind":"student","fields":["name"]})", l).error().code,
              ErrorCode::InvalidFormat);  // no line of rows after the header
    EXPECT_EQ(load_bucket("{\"format\":\"gongyu.ledger.bucket\",\"version\":3,\"kind\":\"student\",\"fields\":[]}\n", l).error().code,
              ErrorCode::UnsupportedVersion);
    EXPECT_EQ(load_bucket("{\"format\":\"gongyu.ledger.bucket\",\"version\":2,\"kind\":\"student\",\"fields\":[\"name\"]}\n"
                          "student.000001.5\t0\t王芳",
                          l).error().code,
              ErrorCode::InvalidFormat);  // the last row cut short
    Result<size_t> b = load_bucket("{\"format\":\"gongyu.ledger.bucket\",\"version\":2,\"kind\":\"student\",\"fields\":[\"name\"]}\n"
                                   "student.000001.5\t0\t王\\t芳\n",
                                   l);
    ASSERT_TRUE(b) << b.error().detail;
    EXPECT_EQ(l.find(RecordId::make(Kind::Student, 1, 5))->value(0), "王\t芳");
}

TEST(LedgerStore, ValuesWithTabsAndLineBreaksRoundTrip) {
    Township t;
    RecordId s = t.student("张三");
    Edit e;
    e.fields = {{s, field(Kind::Student, "household"), "父亲\t外出\n母亲 \\ 在家"}};
    ASSERT_TRUE(t.ledger.commit(e, "x", kNow, kToday).ok());
    Ledger copy;
    ASSERT_TRUE(load_bucket(bucket_text(t.ledger, Kind::Student, bucket_of(s)), copy));
    EXPECT_EQ(copy.find(s)->value(field(Kind::Student, "household")), "父亲\t外出\n母亲 \\ 在家");
}

TEST(LedgerStore, FieldsOfTheWrongTypeAreAnErrorNotACrash) {
    // Found by tools/fuzz.sh: nlohmann's value() would throw, and the core has no exceptions.
    Result<Commit> c = commit_from_json(R"({"format":1,"device":4171457,"snapshot_seq":12})");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ErrorCode::InvalidFormat);
    EXPECT_FALSE(commit_from_json(R"({"format":"gongyu.ledger.commit","version":1,"seq":1,"at":"x","by":7,"changes":[]})").value().at_ms);
}

TEST(LedgerStore, FilesFromANewerVersionAreRefused) {
    Result<Commit> c = commit_from_json(R"({"format":"gongyu.ledger.commit","version":2,"seq":1,"changes":[]})");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ErrorCode::UnsupportedVersion);
    Ledger l;
    Result<size_t> b = load_bucket(R"({"format":"gongyu.ledger.bucket","version":1,"kind":"student","fields":["name","shoe_size"],"rows":""})", l);
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code, ErrorCode::UnsupportedVersion);
}

TEST(LedgerStore, AnOlderBucketWithFewerFieldsLoads) {
    Ledger l;
    Result<size_t> b = load_bucket(
        R"({"format":"gongyu.ledger.bucket","version":1,"kind":"student","fields":["sex","name"],"rows":"student.000001.5\t0\tf\t王芳\n"})", l);
    ASSERT_TRUE(b) << b.error().detail;
    const Record* r = l.find(RecordId::make(Kind::Student, 1, 5));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->value(0), "王芳");
    EXPECT_EQ(r->value(1), "f");
    EXPECT_EQ(r->value(2), "");
}

}  // namespace
}  // namespace gy
