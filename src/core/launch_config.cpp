#include "launch_config.h"

#include "text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace gy {

static constexpr struct {
    Role role;
    const char* key;
} kRoles[] = {
    {Role::TownshipClerk, "clerk"},
    {Role::SchoolAdmin, "school"},
    {Role::TeacherOrCadre, "teacher"},
    {Role::CountyViewer, "county"},
};

const char* role_key(Role role) {
    for (const auto& r : kRoles)
        if (r.role == role) return r.key;
    return "clerk";
}

bool parse_role(const std::string& key, Role& out) {
    for (const auto& r : kRoles)
        if (key == r.key) {
            out = r.role;
            return true;
        }
    return false;
}

// Relative paths, or http(s) URLs; nothing that could run script or read files.
static bool is_acceptable_backend(const std::string& url) {
    if (url.empty() || url.size() > 2048) return false;
    for (unsigned char c : url)
        if (c < 0x20 || c == 0x7f || c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\') return false;
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) return true;
    return url.find(':') == std::string::npos;  // relative: no scheme at all
}

// Township codes are 9-digit administrative codes or short names; keep it printable.
static bool is_acceptable_township(const std::string& township) {
    if (township.size() > 64) return false;
    for (unsigned char c : township)
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') return false;
    return true;
}

ParsedLaunchConfig parse_launch_config(const std::map<std::string, std::string>& attributes) {
    ParsedLaunchConfig parsed;
    LaunchConfig& config = parsed.config;
    for (const auto& [key, value] : attributes) {
        bool ok = true;
        if (key == "backend") {
            ok = is_acceptable_backend(value);
            if (ok) config.backend_url = value.back() == '/' ? value : value + "/";
        } else if (key == "township") {
            ok = is_acceptable_township(value);
            if (ok) config.township = value;
        } else if (key == "role") {
            ok = parse_role(value, config.role);
        } else if (key == "test") {
            config.test_bridge = value == "1" || value == "true";
        } else if (key == "bench-names") {
            const int n = std::atoi(value.c_str());
            ok = n > 0 && n <= 500000;
            if (ok) config.bench_names = n;
        } else if (key == "bench-glyphs") {
            const int n = std::atoi(value.c_str());
            ok = n > 0 && n <= 30000;
            if (ok) config.bench_glyphs = n;
        } else if (key == "county-key") {  // the county's public key, 64 hex digits: figures are sealed for it
            std::array<uint8_t, 32> key_bytes;
            ok = hex_decode(value, key_bytes);
            if (ok) config.county_key = value;
        } else if (key == "s3-region") {  // the backend is an S3 bucket's URL, in this region: "oss-cn-changsha"
            ok = !value.empty() && value.size() <= 64 &&
                 std::all_of(value.begin(), value.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
            if (ok) config.s3_region = value;
        } else if (key == "sample-county") {
            const int percent = std::atoi(value.c_str());
            ok = percent > 0 && percent <= 100;
            if (ok) config.sample_county_percent = percent;
        }
        // Unknown attributes are ignored: portals add their own.
        if (!ok) parsed.warnings.push_back({key, value});
    }
    // A bucket is reached by its absolute URL (signatures name its host): else the default store stays.
    if (!config.s3_region.empty() && !config.backend_url.starts_with("http://") && !config.backend_url.starts_with("https://")) {
        parsed.warnings.push_back({"s3-region", config.s3_region});
        config.s3_region.clear(), config.backend_url = LaunchConfig{}.backend_url;
    }
    if (!config.test_bridge) config.bench_names = config.bench_glyphs = config.sample_county_percent = 0;  // only for tests and benchmarks
    return parsed;
}

}  // namespace gy
