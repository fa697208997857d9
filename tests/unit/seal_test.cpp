// Sealed files and key files (core/seal.h): what leaves a device.
#include "core/seal.h"
#include "core/text.h"

#include <cctype>

#include <gtest/gtest.h>

namespace gy {
namespace {

Keyring device_of(const Keyring& township) {
    Keyring keys = township;
    new_device_keys(keys);
    return keys;
}

const std::string kPath = "changes/00000a/000000000001-000000000002.gyc";
const std::string kPlain = std::string("@1\t1\t2\t1\tclerk\nstudent.00000a.1\tname\t吉𠮷\t\n") + std::string(2000, 'x');

TEST(Seal, RoundTripsCompressesAndIsDeterministic) {
    const Keyring keys = new_keyring("430422105");
    const std::string sealed = seal_file(keys, kPath, kPlain);
    EXPECT_LT(sealed.size(), kPlain.size() / 4);  // 2,000 x deflate to almost nothing
    EXPECT_EQ(sealed, seal_file(keys, kPath, kPlain));
    Result<Opened> opened = open_file(device_of(keys), kPath, sealed);
    ASSERT_TRUE(opened) << opened.error().detail;
    EXPECT_EQ(opened.value().plain, kPlain);
    EXPECT_EQ(opened.value().signer, keys.device_public);
}

TEST(Seal, EveryChangedByteAndEveryCutIsRefused) {
    const Keyring keys = new_keyring("430422105");
    const std::string sealed = seal_file(keys, kPath, kPlain);
    for (size_t i = 0; i < sealed.size(); ++i) {
        std::string changed = sealed;
        changed[i] ^= 0x01;
        EXPECT_FALSE(open_file(keys, kPath, changed)) << "byte " << i;
    }
    for (size_t cut = 0; cut < sealed.size(); ++cut) EXPECT_FALSE(open_file(keys, kPath, sealed.substr(0, cut))) << "cut " << cut;
    EXPECT_EQ(open_file(keys, kPath, sealed + "x").error().code, ErrorCode::Tampered);
}

TEST(Seal, AFileMovedUnderAnotherNameOrOfAnotherTownshipDoesNotOpen) {
    const Keyring keys = new_keyring("430422105");
    const std::string sealed = seal_file(keys, kPath, kPlain);
    EXPECT_EQ(open_file(keys, "changes/00000a/000000000003-000000000004.gyc", sealed).error().code, ErrorCode::Tampered);
    EXPECT_EQ(open_file(new_keyring("430422106"), kPath, sealed).error().code, ErrorCode::WrongKey);
    EXPECT_EQ(open_file(keys, kPath, "<html>502 Bad Gateway</html>").error().code, ErrorCode::InvalidFormat);
}

TEST(KeyFile, OpensWithThePassphraseOrTheRecoveryCodeAndNothingElse) {
    const Keyring keys = new_keyring("430422105");
    Result<Enrolment> e = wrap_keys(keys, "大塘镇共育2026");
    ASSERT_TRUE(e) << e.error().detail;
    EXPECT_TRUE(looks_like_recovery_code(e.value().recovery_code));
    EXPECT_EQ(e.value().recovery_code.size(), 39u);  // 8 groups of 4, dashes between
    EXPECT_EQ(e.value().key_file.find(hex_encode(keys.data)), std::string::npos);

    Result<Keyring> joined = unlock_key_file(e.value().key_file, "430422105", "大塘镇共育2026");
    ASSERT_TRUE(joined) << joined.error().detail;
    EXPECT_EQ(joined.value().data, keys.data);
    EXPECT_NE(joined.value().device_public, keys.device_public);  // a device of its own
    // The code as a clerk might type it back from paper: lower case, O for 0, no dashes.
    std::string typed;
    for (char c : e.value().recovery_code)
        if (c != '-') typed += c == '0' ? 'o' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Result<Keyring> recovered = unlock_key_file(e.value().key_file, "430422105", typed);
    ASSERT_TRUE(recovered) << recovered.error().detail;
    EXPECT_EQ(recovered.value().data, keys.data);

    EXPECT_EQ(unlock_key_file(e.value().key_file, "430422105", "大塘镇共育2025").error().code, ErrorCode::WrongPassphrase);
    std::string wrong_code = e.value().recovery_code;
    wrong_code[0] = wrong_code[0] == 'A' ? 'B' : 'A';
    EXPECT_EQ(unlock_key_file(e.value().key_file, "430422105", wrong_code).error().code, ErrorCode::WrongPassphrase);
    EXPECT_EQ(unlock_key_file(e.value().key_file, "430422106", "大塘镇共育2026").error().code, ErrorCode::OtherTownship);
    EXPECT_EQ(unlock_key_file("{}", "430422105", "大塘镇共育2026").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(wrap_keys(keys, "短密码").error().code, ErrorCode::InvalidValue);
}

TEST(KeyFile, AKeyFileAskingForAbsurdArgon2LimitsIsRefusedNotRun) {
    Result<Enrolment> e = wrap_keys(new_keyring("430422105"), "大塘镇共育2026");
    ASSERT_TRUE(e);
    std::string file = e.value().key_file;
    const size_t at = file.find("\"mem\":");
    ASSERT_NE(at, std::string::npos);
    file.replace(at, file.find(',', at) - at, "\"mem\":1099511627776");
    EXPECT_EQ(unlock_key_file(file, "430422105", "大塘镇共育2026").error().code, ErrorCode::InvalidFormat);
}

TEST(CountySeal, OnlyTheCountysKeyOpensATownshipsFiguresAndTheSignatureHolds) {
    const SecretKey county = new_county_secret(), other_county = new_county_secret();
    const Keyring township = new_keyring("430422105");
    const std::string path = "aggregates/00000a.gya", figures = "{\"special\":12}";
    const std::string sealed = seal_for_county(county_public(county), township, path, figures);
    EXPECT_EQ(sealed.find("special"), std::string::npos);
    Result<Opened> opened = open_as_county(county, path, sealed);
    ASSERT_TRUE(opened) << opened.error().detail;
    EXPECT_EQ(opened.value().plain, figures);
    EXPECT_EQ(opened.value().signer, township.device_public);
    EXPECT_EQ(open_as_county(other_county, path, sealed).error().code, ErrorCode::WrongKey);
    EXPECT_FALSE(open_file(township, path, sealed));  // the township's own key does not open it either
    std::string changed = sealed;
    changed[50] ^= 1;
    EXPECT_EQ(open_as_county(county, path, changed).error().code, ErrorCode::Tampered);
    EXPECT_EQ(open_as_county(county, "aggregates/00000b.gya", sealed).error().code, ErrorCode::Tampered);
}

TEST(Keyring, RoundTripsThroughJson) {
    Keyring keys = new_keyring("430422105");
    keys.signers[0x00000b] = device_of(keys).device_public;
    Result<Keyring> back = keyring_from_json(keyring_to_json(keys));
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value().data, keys.data);
    EXPECT_EQ(back.value().device_secret, keys.device_secret);
    EXPECT_EQ(back.value().signers, keys.signers);
    EXPECT_FALSE(keyring_from_json("{\"format\":\"gongyu.keyring\",\"township\":\"x\"}"));
}

}  // namespace
}  // namespace gy

// [SECTION] Roles (scopes.h): what a role may not see, it cannot decrypt

namespace gy {
namespace {

const std::string kSchool1 = "school.3fa2c1.7", kSchool2 = "school.3fa2c1.8", kHelper1 = "helper.3fa2c1.9", kHelper2 = "helper.3fa2c1.a";
const std::vector<std::string> kWritable = {kSchool1, kSchool2, kHelper1, kHelper2};

Keyring role(const Keyring& clerk, const std::string& scope) {
    Result<Keyring> keys = issue_role_keys(clerk, scope, kWritable);
    EXPECT_TRUE(keys) << keys.error().detail;
    return keys.value();
}

TEST(Roles, EachRoleOpensOnlyFilesSealedForItsScopes) {
    const Keyring clerk = new_keyring("430422105");
    const Keyring admin1 = role(clerk, kSchool1), admin2 = role(clerk, kSchool2), helper1 = role(clerk, kHelper1), helper2 = role(clerk, kHelper2);
    for (const Keyring* k : {&admin1, &admin2, &helper1, &helper2}) {
        EXPECT_FALSE(k->is_clerk());
        EXPECT_EQ(k->data, SecretKey{}) << "no role but the clerk holds the township's key";
        EXPECT_EQ(k->scopes.size(), 2u) << "the directory and its own scope";
    }
    const auto opens = [](const Keyring& k, const std::string& sealed) { return open_file(k, kPath, sealed).ok(); };

    // A visit written on the helper's phone for the child's joint school and the helper.
    const std::string visit = seal_for_readers(helper1, kPath, kPlain, {kSchool1, kHelper1});
    Result<Opened> read = open_file(admin1, kPath, visit);
    ASSERT_TRUE(read) << read.error().detail;
    EXPECT_EQ(read.value().plain, kPlain);
    EXPECT_EQ(read.value().signer, helper1.device_public);
    EXPECT_TRUE(opens(clerk, visit)) << "the clerk derives every scope's key";
    EXPECT_TRUE(opens(helper1, visit));
    EXPECT_FALSE(opens(admin2, visit)) << "another joint school";
    const Result<Opened> refused = open_file(helper2, kPath, visit);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::WrongKey) << "another helper";

    const std::string school_only = seal_for_readers(admin1, kPath, kPlain, {kSchool1});
    EXPECT_TRUE(opens(admin1, school_only));
    EXPECT_FALSE(opens(helper1, school_only)) << "a child not paired with the helper";
    const std::string directory = seal_for_readers(clerk, kPath, kPlain, {"directory"});
    for (const Keyring* k : {&clerk, &admin1, &admin2, &helper1, &helper2}) EXPECT_TRUE(opens(*k, directory)) << k->role;
    const std::string township = seal_file(clerk, kPath, kPlain);
    for (const Keyring* k : {&admin1, &admin2, &helper1, &helper2}) EXPECT_FALSE(opens(*k, township)) << k->role;
    EXPECT_FALSE(opens(role(new_keyring("430422105"), kSchool1), visit)) << "the same school of another township key";

    // A reader's slot changed on the server, or the file cut: the signature says so.
    for (size_t at : {size_t(61), size_t(70), visit.size() - 70}) {
        std::string changed = visit;
        changed[at] ^= 1;
        EXPECT_EQ(open_file(admin1, kPath, changed).error().code, ErrorCode::Tampered) << at;
    }
    EXPECT_FALSE(opens(admin1, visit.substr(0, visit.size() - 1)));
}

TEST(Roles, OnlyTheClerkIssuesAndOnlyForAJointSchoolOrAHelper) {
    const Keyring clerk = new_keyring("430422105");
    EXPECT_EQ(issue_role_keys(clerk, "student.3fa2c1.7", kWritable).error().code, ErrorCode::InvalidValue);
    EXPECT_EQ(issue_role_keys(clerk, "directory", kWritable).error().code, ErrorCode::InvalidValue);
    EXPECT_EQ(issue_role_keys(role(clerk, kSchool1), kHelper1, kWritable).error().code, ErrorCode::InvalidValue);
}

TEST(Roles, ARoleKeyFileUnlocksThatRolesKeysOnly) {
    const Keyring clerk = new_keyring("430422105");
    Result<Enrolment> issued = wrap_keys(role(clerk, kHelper1), "石桥村帮扶老师2026");
    ASSERT_TRUE(issued) << issued.error().detail;
    const std::string visit = seal_for_readers(clerk, kPath, kPlain, {kSchool1, kHelper1});
    const std::string other = seal_for_readers(clerk, kPath, kPlain, {kSchool1});
    for (const std::string& secret : {std::string("石桥村帮扶老师2026"), issued.value().recovery_code}) {
        Result<Keyring> phone = unlock_key_file(issued.value().key_file, "430422105", secret);
        ASSERT_TRUE(phone) << phone.error().detail;
        EXPECT_EQ(phone.value().role, kHelper1);
        EXPECT_EQ(phone.value().data, SecretKey{});
        EXPECT_EQ(phone.value().scopes.size(), 2u);
        EXPECT_TRUE(open_file(phone.value(), kPath, visit));
        EXPECT_FALSE(open_file(phone.value(), kPath, other));
        // It writes for the joint schools it was given, and its keyring survives the local store.
        const std::string written = seal_for_readers(phone.value(), kPath, kPlain, {kSchool2, kHelper1});
        EXPECT_TRUE(open_file(role(clerk, kSchool2), kPath, written));
        Result<Keyring> stored = keyring_from_json(keyring_to_json(phone.value()));
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored.value().role, kHelper1);
        EXPECT_EQ(stored.value().scopes, phone.value().scopes);
        EXPECT_EQ(stored.value().recipients, phone.value().recipients);
        // And it knows what the township's roles directory must be signed with.
        EXPECT_EQ(phone.value().township_signer, township_signer(clerk.data));
        EXPECT_NE(phone.value().township_signer, PublicKey{});
        EXPECT_EQ(stored.value().township_signer, phone.value().township_signer);
    }
    EXPECT_EQ(unlock_key_file(issued.value().key_file, "430422105", "石桥村帮扶老帅2026").error().code, ErrorCode::WrongPassphrase);
}

TEST(Roles, TheClerkKnowsWhichRoleSignedAFileAndNoOneElseCanPassForOne) {
    const Keyring clerk = new_keyring("430422105");
    const Keyring helper1 = role(clerk, kHelper1), admin1 = role(clerk, kSchool1);
    PublicKey expected;
    SigningKey secret;
    role_signing_keys(clerk.data, kHelper1, expected, secret);
    EXPECT_EQ(helper1.device_public, expected) << "a role's devices sign with the role's key";

    // The phone writes for the joint school; it seals for its own role too, so the clerk can tell who signed.
    const std::string visit = seal_for_readers(helper1, kPath, kPlain, {kSchool1});
    EXPECT_TRUE(open_file(helper1, kPath, visit)) << "its own files open on the phone";
    Result<Opened> at_clerk = open_file(clerk, kPath, visit);
    ASSERT_TRUE(at_clerk) << at_clerk.error().detail;
    EXPECT_EQ(at_clerk.value().role, kHelper1);
    EXPECT_EQ(open_file(admin1, kPath, visit).value().role, "") << "only the clerk derives the roles' keys";
    EXPECT_EQ(open_file(clerk, kPath, seal_file(clerk, kPath, kPlain)).value().role, "township");
    EXPECT_EQ(open_file(clerk, kPath, seal_for_readers(clerk, kPath, kPlain, {kSchool1})).value().role, "")
        << "the clerk's devices seal for readers with keys of their own: such a file is not a role's";

    // Whoever holds a role's recipients can seal for the township; without the role's signing key it is no one's.
    Keyring forger = helper1;
    new_device_keys(forger);
    EXPECT_EQ(open_file(clerk, kPath, seal_for_readers(forger, kPath, kPlain, {"township"})).value().role, "");
    // Nor can one role pass for another by naming it among the readers.
    Keyring posing = admin1;
    posing.role = kHelper1;
    EXPECT_EQ(open_file(clerk, kPath, seal_for_readers(posing, kPath, kPlain, {"township"})).value().role, "");

    // The key file carries the role's signing key: every device that unlocks it signs as the role.
    Result<Enrolment> issued = wrap_keys(helper1, "石桥村帮扶老师2026");
    ASSERT_TRUE(issued);
    for (int device = 0; device < 2; ++device) {
        Result<Keyring> phone = unlock_key_file(issued.value().key_file, "430422105", "石桥村帮扶老师2026");
        ASSERT_TRUE(phone);
        EXPECT_EQ(phone.value().device_public, expected);
        EXPECT_EQ(open_file(clerk, kPath, seal_for_readers(phone.value(), kPath, kPlain, {"township"})).value().role, kHelper1);
    }
}

}  // namespace
}  // namespace gy
