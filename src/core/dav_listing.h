// dav_listing.h — a server folder's listing from a WebDAV PROPFIND (Depth: 1)
// answer: the `207 Multi-Status` XML of Apache mod_dav (or nginx with
// dav-ext); and a page of an S3 bucket's ListObjectsV2, with the error an S3
// store answers instead. A small reader of our own: the browser's main module
// has no room for an XML library (pugixml lives in the lazily loaded files module).
// Depends on: sync.h (RemoteEntry), result.h.
#pragma once

#include "result.h"
#include "sync.h"

#include <string_view>
#include <vector>

namespace gy {

// What HttpFolder asks for: only the three properties a listing needs, so the
// answer is about 330 bytes a file on Apache instead of 800 for allprop. The
// ETag tells a file rewritten at the same size (the roles directory).
inline constexpr std::string_view kPropfindBody =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<propfind xmlns=\"DAV:\"><prop><resourcetype/><getcontentlength/><getetag/></prop></propfind>";

// The entries of the folder at `folder_url` (the URL the PROPFIND went to: absolute,
// or relative to the page) as HttpFolder::list gives them: folders end in '/',
// files carry their size and ETag. The folder's own entry and anything not directly in
// it are left out; hrefs may be paths or full URLs, percent-encoded.
// InvalidFormat when the text is not a well-formed DAV:multistatus.
Result<std::vector<RemoteEntry>> parse_multistatus(std::string_view xml, std::string_view folder_url);

// One page of a ListObjectsV2 answer (delimiter "/"): objects by their whole key, with
// size and ETag, and the common prefixes (the "folders", ending in '/').
struct S3ListPage {
    std::vector<RemoteEntry> objects;
    std::vector<std::string> prefixes;
    bool truncated = false;
    std::string next_token;  // continuation-token of the next page
    std::string error_code, error_message;
};
// InvalidFormat when the text is not a well-formed ListBucketResult.
Result<S3ListPage> parse_s3_list_page(std::string_view xml);
// "SignatureDoesNotMatch: The request signature we calculated…" from an S3 error answer; "" when it is none.
std::string s3_error_code(std::string_view xml);

}  // namespace gy
