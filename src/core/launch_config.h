// launch_config.h — how the page that hosts Gongyu configures it.
//
// A portal embeds the app with data attributes (data-backend, data-township,
// data-role, data-s3-region) or an iframe URL with the same names as query parameters; the
// standalone index.html does the same. This module validates those strings.
// Bad values never stop the app: each becomes a warning and the default stays.
// Depends on: result.h.
#pragma once

#include "result.h"

#include <map>
#include <string>
#include <vector>

namespace gy {

enum class Role { TownshipClerk, SchoolAdmin, TeacherOrCadre, CountyViewer };

struct LaunchConfig {
    std::string backend_url = "store/";  // WebDAV folder the app syncs with, or the S3 bucket's URL
    std::string s3_region;               // not empty: backend_url is an S3-compatible bucket (sync_service.h S3Bucket)
    std::string township;                // e.g. "430422105" or a name; empty = not chosen yet
    Role role = Role::TownshipClerk;
    bool test_bridge = false;            // report item rectangles to end-to-end tests
    int bench_names = 0;                 // benchmark screen: this many synthetic names (test="1" only)
    int bench_glyphs = 0;                // benchmark screen: pages of this many distinct characters (test="1" only)
    int sample_county_percent = 0;       // an empty ledger is filled with this % of the synthetic county (test="1" only)
    std::string county_key;              // the county's public key (hex): the township's figures are sealed for it
};

struct LaunchWarning {
    std::string key;    // attribute name, e.g. "role"
    std::string value;  // what the page gave
};

struct ParsedLaunchConfig {
    LaunchConfig config;
    std::vector<LaunchWarning> warnings;
};

ParsedLaunchConfig parse_launch_config(const std::map<std::string, std::string>& attributes);

const char* role_key(Role role);  // stable English key: "clerk", "school", "teacher", "county"
bool parse_role(const std::string& key, Role& out);

}  // namespace gy
