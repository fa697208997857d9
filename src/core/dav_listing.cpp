// dav_listing.cpp — just enough XML, with namespaces, to read a multistatus and an S3 bucket listing.
//
// Servers spell the DAV: namespace with any prefix (Apache: `D:` and `lp1:` in
// one answer; others a default xmlns), so names are resolved, not compared as
// written. No DTDs (their entities are a known hazard and no server sends one),
// no encodings but UTF-8 (what every WebDAV server writes).
#include "dav_listing.h"

#include <optional>
#include <string>
#include <utility>

namespace gy {
namespace {

constexpr size_t kMaxDepth = 32;  // a multistatus is 6 deep; anything far deeper is not one
constexpr std::string_view kDav = "DAV:";

Error not_multistatus(const std::string& why) {
    return Error{ErrorCode::InvalidFormat, "folder listing is not a WebDAV multistatus: " + why};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// [SECTION] Text: character references and the five named entities

void append_utf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// "#38", "#x26" (without '&' and ';'): the code point, or nothing when it is not a valid character.
std::optional<uint32_t> char_reference(std::string_view ref) {
    const bool hex = ref.size() > 1 && ref[1] == 'x';
    std::string_view digits = ref.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return std::nullopt;
    uint32_t cp = 0;
    for (char c : digits) {
        int v = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) return std::nullopt;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    return cp;
}

bool decode_text(std::string_view raw, std::string& out) {
    for (size_t i = 0; i < raw.size();) {
        if (raw[i] != '&') {
            out += raw[i++];
            continue;
        }
        const size_t semi = raw.find(';', i);
        if (semi == std::string_view::npos) return false;
        const std::string_view name = raw.substr(i + 1, semi - i - 1);
        static constexpr std::pair<std::string_view, char> kNamed[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
        bool known = false;
        for (const auto& [entity, c] : kNamed)
            if (name == entity) out += c, known = true;
        if (!known) {
            if (name.empty() || name[0] != '#') return false;
            std::optional<uint32_t> cp = char_reference(name);
            if (!cp) return false;
            append_utf8(*cp, out);
        }
        i = semi + 1;
    }
    return true;
}

// [SECTION] Tags

struct Tag {
    std::string qname;
    std::vector<std::pair<std::string, std::string>> attributes;  // qname, decoded value
    bool closing = false, self_closing = false;
};

bool is_name_char(char c) { return !is_space(c) && c != '/' && c != '>' && c != '<' && c != '=' && c != '"' && c != '\''; }

std::string_view read_name(std::string_view t, size_t& i) {
    const size_t start = i;
    while (i < t.size() && is_name_char(t[i])) ++i;
    return t.substr(start, i - start);
}

void skip_space(std::string_view t, size_t& i) {
    while (i < t.size() && is_space(t[i])) ++i;
}

// One attribute `name = "value"` at i; false when it is malformed.
bool read_attribute(std::string_view t, size_t& i, Tag& tag) {
    const std::string_view name = read_name(t, i);
    skip_space(t, i);
    if (name.empty() || i >= t.size() || t[i] != '=') return false;
    ++i;
    skip_space(t, i);
    if (i >= t.size() || (t[i] != '"' && t[i] != '\'')) return false;
    const size_t close = t.find(t[i], i + 1);
    if (close == std::string_view::npos) return false;
    std::string value;
    const std::string_view raw = t.substr(i + 1, close - i - 1);
    if (raw.find('<') != std::string_view::npos || !decode_text(raw, value)) return false;
    tag.attributes.emplace_back(std::string(name), std::move(value));
    i = close + 1;
    return true;
}

// The start or end tag at t[i] == '<'; i moves past its '>'.
bool read_tag(std::string_view t, size_t& i, Tag& tag) {
    ++i;
    tag.closing = i < t.size() && t[i] == '/';
    if (tag.closing) ++i;
    tag.qname = std::string(read_name(t, i));
    if (tag.qname.empty()) return false;
    for (;;) {
        skip_space(t, i);
        if (i >= t.size()) return false;
        if (t[i] == '>') return ++i, true;
        if (tag.closing) return false;
        if (t[i] == '/') {
            tag.self_closing = true;
            return ++i < t.size() && t[i++] == '>';
        }
        if (!read_attribute(t, i, tag)) return false;
    }
}

// [SECTION] Namespaces

struct Name {
    std::string uri, local;
    bool is_dav(std::string_view l) const { return uri == kDav && local == l; }
};

struct Open {
    std::string qname;
    Name name;
    std::vector<std::pair<std::string, std::string>> prefixes;  // declared on this element: prefix ("" default), URI
};

std::optional<std::string> namespace_of(const std::vector<Open>& open, std::string_view prefix) {
    if (prefix == "xml") return std::string("http://www.w3.org/XML/1998/namespace");
    for (auto e = open.rbegin(); e != open.rend(); ++e)
        for (const auto& [p, uri] : e->prefixes)
            if (p == prefix) return uri;
    if (prefix.empty()) return std::string();
    return std::nullopt;  // an undeclared prefix: not namespace-well-formed
}

// Pushes the element of `tag` with its declarations; false when a prefix is not declared.
bool open_element(std::vector<Open>& open, const Tag& tag) {
    Open e{tag.qname, {}, {}};
    for (const auto& [name, value] : tag.attributes) {
        if (name == "xmlns") e.prefixes.emplace_back("", value);
        else if (name.starts_with("xmlns:")) e.prefixes.emplace_back(name.substr(6), value);
    }
    open.push_back(std::move(e));
    const size_t colon = tag.qname.find(':');
    const std::string prefix = colon == std::string::npos ? std::string() : tag.qname.substr(0, colon);
    std::optional<std::string> uri = namespace_of(open, prefix);
    if (!uri) return false;
    open.back().name = Name{std::move(*uri), colon == std::string::npos ? tag.qname : tag.qname.substr(colon + 1)};
    return true;
}

// [SECTION] The multistatus: per response its href, and what its propstats with status 200 say

struct Response {
    std::string href;
    bool collection = false;
    std::string length;  // getcontentlength as written; empty when not given
    std::string etag;    // getetag as written
};

// "HTTP/1.1 200 OK"
bool status_is_ok(std::string_view status) {
    status = trim(status);
    const size_t space = status.find(' ');
    return space != std::string_view::npos && status.substr(space + 1, 3) == "200" &&
           (status.size() == space + 4 || is_space(status[space + 4]));
}

// What read_document tells as it goes: each element pushed and about to be popped, and the text inside.
class Collector {
public:
    virtual ~Collector() = default;
    // Called with the element just pushed; false when the root is not the document's.
    virtual bool start(const std::vector<Open>& open) = 0;
    virtual void text(std::string_view decoded) = 0;
    // Called with the element about to be popped.
    virtual void end(const std::vector<Open>& open) = 0;
};

class MultistatusCollector final : public Collector {
public:
    bool start(const std::vector<Open>& open) override {
        const Name& e = open.back().name;
        if (open.size() == 1) return e.is_dav("multistatus");
        const Name& parent = open[open.size() - 2].name;
        if (e.is_dav("response") && parent.is_dav("multistatus")) response_ = Response{};
        if (e.is_dav("propstat") && parent.is_dav("response")) propstat_ = Response{}, propstat_ok_ = false;
        if (e.is_dav("collection") && parent.is_dav("resourcetype") && open.size() >= 3 && open[open.size() - 3].name.is_dav("prop"))
            propstat_.collection = true;
        text_.clear();
        return true;
    }
    void text(std::string_view decoded) override { text_ += decoded; }
    void end(const std::vector<Open>& open) override {
        const Name& e = open.back().name;
        const Name* parent = open.size() >= 2 ? &open[open.size() - 2].name : nullptr;
        if (parent && e.is_dav("href") && parent->is_dav("response")) response_.href = std::string(trim(text_));
        if (parent && e.is_dav("status") && parent->is_dav("propstat")) propstat_ok_ = status_is_ok(text_);
        if (parent && e.is_dav("getcontentlength") && parent->is_dav("prop")) propstat_.length = std::string(trim(text_));
        if (parent && e.is_dav("getetag") && parent->is_dav("prop")) propstat_.etag = std::string(trim(text_));
        if (parent && e.is_dav("propstat") && parent->is_dav("response") && propstat_ok_) {
            response_.collection = response_.collection || propstat_.collection;
            if (!propstat_.length.empty()) response_.length = propstat_.length;
            if (!propstat_.etag.empty()) response_.etag = propstat_.etag;
        }
        if (parent && e.is_dav("response") && parent->is_dav("multistatus") && !response_.href.empty())
            responses_.push_back(std::move(response_));
        text_.clear();
    }
    std::vector<Response>& responses() { return responses_; }

private:
    std::vector<Response> responses_;
    Response response_, propstat_;
    bool propstat_ok_ = false;
    std::string text_;
};

// Reads the whole document into `collector`; an error names what is wrong with it.
std::optional<std::string> read_document(std::string_view t, Collector& collector) {
    std::vector<Open> open;
    bool root_seen = false;
    for (size_t i = 0; i < t.size();) {
        if (t[i] != '<') {
            const size_t lt = std::min(t.find('<', i), t.size());
            std::string text;
            if (!decode_text(t.substr(i, lt - i), text)) return "a bad character reference";
            if (open.empty() && !trim(text).empty()) return "text outside the root element";
            if (!open.empty()) collector.text(text);
            i = lt;
            continue;
        }
        const std::string_view rest = t.substr(i);
        if (rest.starts_with("<?") || rest.starts_with("<!--")) {  // declaration, processing instruction, comment
            const std::string_view close = rest[1] == '?' ? "?>" : "-->";
            const size_t end = rest.find(close, 2);
            if (end == std::string_view::npos) return "an unclosed comment or declaration";
            i += end + close.size();
            continue;
        }
        if (rest.starts_with("<![CDATA[")) {
            const size_t end = rest.find("]]>");
            if (open.empty() || end == std::string_view::npos) return "a stray CDATA section";
            collector.text(rest.substr(9, end - 9));
            i += end + 3;
            continue;
        }
        if (rest.starts_with("<!")) return "a DTD";
        Tag tag;
        if (!read_tag(t, i, tag)) return "a malformed tag";
        if (tag.closing) {
            if (open.empty() || open.back().qname != tag.qname) return "an end tag that does not match";
            collector.end(open);
            open.pop_back();
            continue;
        }
        if (open.empty() && root_seen) return "a second root element";
        if (open.size() >= kMaxDepth) return "elements nested too deep";
        root_seen = true;
        if (!open_element(open, tag)) return "an undeclared namespace prefix";
        if (!collector.start(open)) return "not the root element expected";
        if (tag.self_closing) collector.end(open), open.pop_back();
    }
    if (!root_seen || !open.empty()) return "the document ends early";
    return std::nullopt;
}

// [SECTION] hrefs: which entries are in the folder, by what name

// The path of a URL or href: no scheme and host, no query or fragment.
std::string_view url_path(std::string_view url) {
    const size_t scheme = url.find("://");
    if (scheme != std::string_view::npos && scheme < url.find('/')) {
        const size_t slash = url.find('/', scheme + 3);
        url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
    }
    return url.substr(0, url.find_first_of("?#"));
}

int hex_value(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

// %XX decoded; nothing for a broken escape or a NUL (no file is named so).
std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1, lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
        if (lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// The folder's path as it ends every href in it. A relative URL ("store/t/changes/")
// is only known by its end, so a match must start at a '/' of the href.
std::string folder_suffix(std::string_view folder_url) {
    std::string_view path = url_path(folder_url);
    while (path.starts_with("./") || path.starts_with("../")) path.remove_prefix(path[1] == '/' ? 2 : 3);
    std::string suffix = percent_decode(path).value_or(std::string(path));
    if (suffix.empty() || suffix.back() != '/') suffix += '/';
    return suffix;
}

bool ends_in_folder(std::string_view path, std::string_view suffix) {
    if (!path.ends_with(suffix)) return false;
    const size_t before = path.size() - suffix.size();
    return suffix.front() == '/' || before == 0 || path[before - 1] == '/';
}

// getcontentlength: decimal digits; 0 when missing or odd, which at worst makes
// the writer of that file send it again (harmless: files are named by content).
uint64_t size_of(std::string_view length) {
    if (length.empty() || length.size() > 19) return 0;
    uint64_t n = 0;
    for (char c : length) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n;
}

// Apache calls a file's ETag weak (W/"78-6619f64369647") in the second after it was written
// and strong ("78-6619f64369647") from then on: the same file, so the same version.
std::string strong_etag(std::string_view etag) {
    if (etag.starts_with("W/")) etag.remove_prefix(2);
    return std::string(etag);
}

// [SECTION] S3: a ListObjectsV2 page and an error answer
//
// AWS writes its elements in the namespace http://s3.amazonaws.com/doc/2006-03-01/,
// Aliyun OSS in none: they are told by local name, each where the API puts it.

class BucketCollector final : public Collector {
public:
    explicit BucketCollector(std::string_view root) : root_(root) {}
    bool start(const std::vector<Open>& open) override {
        text_.clear();
        if (open.size() == 1) return open.back().name.local == root_;
        if (open.size() == 2 && open.back().name.local == "Contents") object_ = RemoteEntry{};
        return true;
    }
    void text(std::string_view decoded) override { text_ += decoded; }
    void end(const std::vector<Open>& open) override {
        const std::string& e = open.back().name.local;
        const std::string value(trim(text_));
        text_.clear();
        if (open.size() == 2) {
            if (e == "Contents" && !object_.name.empty()) page_.objects.push_back(std::move(object_));
            if (e == "IsTruncated") page_.truncated = value == "true";
            if (e == "NextContinuationToken") page_.next_token = value;
            if (e == "Code") page_.error_code = value;
            if (e == "Message") page_.error_message = value;
        }
        if (open.size() != 3) return;
        const std::string& parent = open[1].name.local;
        if (parent == "Contents" && e == "Key") object_.name = value;
        if (parent == "Contents" && e == "Size") object_.size = size_of(value);
        if (parent == "Contents" && e == "ETag") object_.version = value;
        if (parent == "CommonPrefixes" && e == "Prefix" && !value.empty()) page_.prefixes.push_back(value);
    }
    S3ListPage& page() { return page_; }

private:
    std::string_view root_;
    S3ListPage page_;
    RemoteEntry object_;
    std::string text_;
};

}  // namespace

Result<S3ListPage> parse_s3_list_page(std::string_view xml) {
    BucketCollector collector("ListBucketResult");
    if (std::optional<std::string> problem = read_document(xml, collector))
        return Error{ErrorCode::InvalidFormat, "bucket listing is not a ListBucketResult: " + *problem};
    return std::move(collector.page());
}

std::string s3_error_code(std::string_view xml) {
    BucketCollector collector("Error");
    if (read_document(xml, collector)) return {};
    const S3ListPage& page = collector.page();
    return page.error_message.empty() ? page.error_code : page.error_code + ": " + page.error_message;
}

Result<std::vector<RemoteEntry>> parse_multistatus(std::string_view xml, std::string_view folder_url) {
    MultistatusCollector collector;
    if (std::optional<std::string> problem = read_document(xml, collector)) return not_multistatus(*problem);
    const std::string suffix = folder_suffix(folder_url);
    std::vector<RemoteEntry> out;
    for (Response& r : collector.responses()) {
        std::optional<std::string> path = percent_decode(url_path(r.href));
        if (!path || path->empty()) continue;
        if (path->back() == '/') path->pop_back();
        if (ends_in_folder(*path + "/", suffix)) continue;  // the folder itself
        const size_t slash = path->rfind('/');
        if (slash == std::string::npos || !ends_in_folder(std::string_view(*path).substr(0, slash + 1), suffix)) continue;
        std::string name = path->substr(slash + 1);
        if (name.empty() || name == "." || name == "..") continue;
        if (r.collection) out.push_back({name + "/", 0, strong_etag(r.etag)});
        else out.push_back({std::move(name), size_of(r.length), strong_etag(r.etag)});
    }
    return out;
}

}  // namespace gy
