// native.cpp — Gongyu's platform on a desktop or server build (g++).
//
// Files for storage (FileStorage, one file per key, fsync + rename), the
// system clock, launch attributes from the caller, and reachability of an
// http:// backend by a HEAD request over a plain socket. Used by the native UI
// tests today and by a desktop shell later; the loop that calls App::draw()
// is the caller's (no SDL here).
// Depends on: core (with gongyu_xlsx), POSIX sockets.
#include "platform/native.h"

#include "core/pinyin.h"

#include "core/csv.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <cstring>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gy {

NativePlatform::NativePlatform(std::string storage_folder, const std::map<std::string, std::string>& attributes)
    : storage_(storage_folder), launch_(parse_launch_config(attributes)), folder_(std::move(storage_folder)) {}

void NativePlatform::save_file(const std::string& file_name, const std::string&, const std::string& bytes) {
    std::filesystem::create_directories(folder_ + "/exports");
    last_saved_file_ = folder_ + "/exports/" + file_name;
    std::ofstream(last_saved_file_, std::ios::binary) << bytes;
}

// Place names come from users: characters file systems refuse become "_".
static std::string safe_file_name(std::string name) {
    for (char& c : name)
        if (static_cast<unsigned char>(c) < 0x20 || std::strchr("/\\:*?\"<>|", c)) c = '_';
    return name;
}

void NativePlatform::show_print_view(const std::string& name, const std::string& html) {
    save_file(safe_file_name(name) + ".html", "text/html;charset=utf-8", html);
}

void NativePlatform::open_file(const std::string&, std::function<void(std::string, std::string)> done) {
    if (next_file_.empty()) return;  // as if the user cancelled
    std::ifstream in(next_file_, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    done(std::filesystem::path(next_file_).filename().string(), std::move(bytes));
    next_file_.clear();
}

// The file as it is: no decoder natively (the core refuses what is not a JPEG).
void NativePlatform::choose_photo(std::function<void(Result<std::string>)> done) {
    open_file("image/*", [&done](std::string, std::string bytes) { done(std::move(bytes)); });
}

void NativePlatform::load_picture(std::string, std::function<void(Result<Picture>)> done) {
    done(Error{ErrorCode::Unavailable, "no pictures in the native shell"});
}

Result<std::string> NativePlatform::decode_gb18030(std::string_view bytes) { return gb18030_with_iconv(bytes); }

void NativePlatform::load_extension_b(std::function<void(Result<std::vector<uint16_t>>)> done) {
    const std::span<const uint16_t> table = extension_b_table();
    done(std::vector<uint16_t>(table.begin(), table.end()));
}

void NativePlatform::convert_to_xlsx(Sheet sheet, std::vector<CellType> types, std::string title,
                                     std::function<void(Result<std::string>)> done) {
    done(write_xlsx(sheet, types, title));
}

void NativePlatform::convert_from_xlsx(std::string bytes, std::function<void(Result<Sheet>)> done) { done(read_xlsx(bytes)); }

double NativePlatform::now_ms() {
    using namespace std::chrono;
    return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

double NativePlatform::monotonic_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

void NativePlatform::wake_after(double delay_ms) {
    const double at = now_ms() + delay_ms;
    if (next_wake_ms_ == 0 || at < next_wake_ms_) next_wake_ms_ = at;
}

void NativePlatform::probe_backend(const std::string& url, std::function<void(bool)> done) {
    if (http_route_) return http_route_("HEAD", url, {}, [done = std::move(done)](HttpResponse r) { done(r.status != 0); });
    done(http_head_answers(url, 3000));
}

void NativePlatform::http(const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
    if (http_route_) return http_route_(method, url, std::move(body), std::move(done));
    done(http_exchange(method, url, body, 10000));
}

// Splits "http://host[:port]/path" into its parts; false for anything else.
static bool split_http_url(const std::string& url, std::string& host, std::string& port, std::string& path) {
    const std::string scheme = "http://";
    if (url.rfind(scheme, 0) != 0) return false;
    const size_t host_start = scheme.size();
    const size_t slash = url.find('/', host_start);
    std::string authority = url.substr(host_start, slash == std::string::npos ? std::string::npos : slash - host_start);
    path = slash == std::string::npos ? "/" : url.substr(slash);
    const size_t colon = authority.rfind(':');
    host = colon == std::string::npos ? authority : authority.substr(0, colon);
    port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    return !host.empty();
}

// HTTP/1.0 over a plain socket: the server answers without chunking and closes
// the connection, so the answer is everything read until then.
HttpResponse http_exchange(const std::string& method, const std::string& url, const std::string& body, int timeout_ms) {
    std::string host, port, path;
    HttpResponse response;
    if (!split_http_url(url, host, port, path)) return response;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* addresses = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &addresses) != 0) return response;
    std::string reply;
    for (addrinfo* a = addresses; a && reply.empty(); a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
            std::string request = method + " " + path + " HTTP/1.0\r\nHost: " + host + "\r\n";
            if (method == "PUT" || method == "POST" || !body.empty()) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
            if (method == "PROPFIND") request += "Depth: 1\r\n";  // a folder and its entries (HttpFn)
            request += "\r\n" + body;
            if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
                char buf[16384];
                for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<size_t>(n));
            }
        }
        ::close(fd);
    }
    freeaddrinfo(addresses);
    int status = 0;
    const size_t head_end = reply.find("\r\n\r\n");
    if (head_end == std::string::npos || std::sscanf(reply.c_str(), "HTTP/%*d.%*d %d", &status) != 1) return response;
    response.status = status;
    response.body = reply.substr(head_end + 4);
    if (method == "HEAD") response.body.clear();
    return response;
}

bool http_head_answers(const std::string& url, int timeout_ms) { return http_exchange("HEAD", url, {}, timeout_ms).status != 0; }

}  // namespace gy
