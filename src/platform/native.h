// native.h — the native Platform: files, the system clock, HTTP probes over sockets.
// Depends on: platform.h, core (FileStorage).
#pragma once

#include "platform/platform.h"

#include <map>
#include <string>

namespace gy {

class NativePlatform final : public Platform {
public:
    NativePlatform(std::string storage_folder, const std::map<std::string, std::string>& attributes);

    double now_ms() override;
    double monotonic_ms() override;
    void wake_after(double delay_ms) override;
    Storage& storage() override { return storage_; }
    StorageKind storage_kind() override { return StorageKind::Files; }
    const ParsedLaunchConfig& launch() override { return launch_; }
    bool link_is_metered() override { return false; }
    void probe_backend(const std::string& url, std::function<void(bool)> done) override;
    void save_file(const std::string& file_name, const std::string& mime_type, const std::string& bytes) override;
    const std::string& last_saved_file() const { return last_saved_file_; }  // its path, for tests
    void show_print_view(const std::string& name, const std::string& html) override;
    void open_file(const std::string& accept, std::function<void(std::string, std::string)> done) override;
    void choose_photo(std::function<void(Result<std::string>)> done) override;
    void load_picture(std::string jpeg, std::function<void(Result<Picture>)> done) override;
    void free_picture(const Picture&) override {}
    Result<std::string> decode_gb18030(std::string_view bytes) override;
    void http(const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) override;
    void convert_to_xlsx(Sheet sheet, std::vector<CellType> types, std::string title,
                         std::function<void(Result<std::string>)> done) override;
    void convert_from_xlsx(std::string bytes, std::function<void(Result<Sheet>)> done) override;
    Vault& vault() override { return vault_; }
    void load_extension_b(std::function<void(Result<std::vector<uint16_t>>)> done) override;
    void choose_next_file(std::string path) { next_file_ = std::move(path); }  // what open_file and choose_photo answer (tests)
    void route_http(HttpFn handler) { http_route_ = std::move(handler); }      // a server in memory instead of sockets (tests)

    double next_wake_ms() const { return next_wake_ms_; }  // 0 = none asked for

private:
    DirectVault vault_;
    HttpFn http_route_;
    FileStorage storage_;
    ParsedLaunchConfig launch_;
    double next_wake_ms_ = 0;
    std::string folder_, last_saved_file_, next_file_;
};

// True when an HTTP server answers a HEAD for url (http:// only) within the timeout.
bool http_head_answers(const std::string& url, int timeout_ms);
// One blocking request (http:// only); status 0 when nothing answered.
HttpResponse http_exchange(const std::string& method, const std::string& url, const std::string& body, int timeout_ms);

}  // namespace gy
