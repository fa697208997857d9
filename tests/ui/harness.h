// harness.h — drives the real UI natively: Dear ImGui with no window, frame by
// frame, input through ImGuiIO, items found through the test bridge.
#pragma once

#include "platform/native.h"
#include "ui/app.h"

#include "imgui.h"

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace gy::test {

inline constexpr const char* kFontFile = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

class UiHarness {
public:
    UiHarness(std::string folder, std::map<std::string, std::string> attributes = {}, ImVec2 size = {1280, 800})
        : folder_(std::move(folder)) {
        attributes.emplace("test", "1");
        context_ = ImGui::CreateContext();
        ImGui::SetCurrentContext(context_);  // CreateContext keeps another harness's current
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = size;
        io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
        io.Fonts->AddFontFromFileTTF(kFontFile, 16.0f);
        ui::apply_theme(ImGui::GetStyle());
        platform_ = std::make_unique<NativePlatform>(folder_, attributes);
        app_ = std::make_unique<ui::App>(*platform_);
        frame();
        frame();
    }
    ~UiHarness() {
        ImGui::SetCurrentContext(context_);
        app_.reset();
        ImGui::DestroyContext(context_);
    }

    // Every step first makes this harness's context current, and reads what its own last frame
    // left on the test bridge: a test may drive several devices' apps in turn.
    void frame() {
        ImGui::SetCurrentContext(context_);
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        app_->draw();
        ImGui::Render();
        accept_texture_requests();
        snapshot_ = ui::test_bridge_snapshot(1.0f);
    }

    nlohmann::json snapshot() const { return nlohmann::json::parse(snapshot_); }
    std::string value(const std::string& key) {
        auto v = snapshot()["values"];
        return v.contains(key) ? v[key].get<std::string>() : std::string();
    }
    bool has_item(const std::string& id) { return snapshot()["items"].contains(id); }
    NativePlatform& platform() { return *platform_; }

    void click(const std::string& id) {
        auto r = snapshot()["items"].at(id);
        ImGui::SetCurrentContext(context_);
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(r[0].get<float>() + r[2].get<float>() / 2, r[1].get<float>() + r[3].get<float>() / 2);
        frame();
        io.AddMouseButtonEvent(0, true);
        frame();
        io.AddMouseButtonEvent(0, false);
        frame();
        frame();
    }
    void type(const char* utf8) {
        ImGui::SetCurrentContext(context_);
        ImGui::GetIO().AddInputCharactersUTF8(utf8);
        frame();
    }
    void press(ImGuiKey key, ImGuiKey modifier = ImGuiKey_None) {
        ImGui::SetCurrentContext(context_);
        ImGuiIO& io = ImGui::GetIO();
        if (modifier != ImGuiKey_None) io.AddKeyEvent(modifier, true);
        io.AddKeyEvent(key, true);
        frame();
        io.AddKeyEvent(key, false);
        if (modifier != ImGuiKey_None) io.AddKeyEvent(modifier, false);
        frame();
        frame();
    }

private:
    // No GPU here: tell ImGui every texture request was carried out.
    static void accept_texture_requests() {
        for (ImTextureData* tex : ImGui::GetPlatformIO().Textures) {
            if (tex->Status == ImTextureStatus_WantCreate) tex->SetTexID(static_cast<ImTextureID>(1));
            if (tex->Status == ImTextureStatus_WantCreate || tex->Status == ImTextureStatus_WantUpdates)
                tex->SetStatus(ImTextureStatus_OK);
            if (tex->Status == ImTextureStatus_WantDestroy) {
                tex->SetTexID(ImTextureID_Invalid);
                tex->SetStatus(ImTextureStatus_Destroyed);
            }
        }
    }

    std::string folder_;
    ImGuiContext* context_ = nullptr;
    std::string snapshot_;
    std::unique_ptr<NativePlatform> platform_;
    std::unique_ptr<ui::App> app_;
};

class TempFolder {
public:
    TempFolder() {
        char pattern[] = "/tmp/gongyu-ui-XXXXXX";
        path = mkdtemp(pattern);
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
    std::string path;
};

}  // namespace gy::test
