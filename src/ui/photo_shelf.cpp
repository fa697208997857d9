// photo_shelf.cpp — thumbnails, the viewer and adding photos (photo_shelf.h).
#include "photo_shelf.h"

#include "strings.h"
#include "ui_internal.h"

#include "imgui_internal.h"  // BeginDisabledOverrideReenable

#include <algorithm>

namespace gy::ui {

static PhotoShelf* g_shelf = nullptr;
PhotoShelf* photo_shelf() { return g_shelf; }
void set_photo_shelf(PhotoShelf* shelf) { g_shelf = shelf; }

static constexpr double kRetryMs = 30'000;  // a photo its device has not sent yet, or a link that is down

PhotoShelf::~PhotoShelf() {
    for (auto& [name, shown] : shown_)
        if (shown.state == State::Ready) platform_.free_picture(shown.picture);
}

PhotoShelf::Shown& PhotoShelf::request(const PhotoRef& ref) {
    auto [it, fresh] = shown_.try_emplace(ref.name);
    Shown& shown = it->second;
    shown.drawn_in = frame_;
    const bool retry = shown.state == State::Failed && shown.retry_at_ms > 0 && platform_.now_ms() >= shown.retry_at_ms;
    if (!fresh && !retry) return shown;
    shown.state = State::Loading;
    // The entry may be let go before the answers come: each step looks it up again by name.
    local_.photos().open(platform_.vault(), ref, remote_, [this, name = ref.name](Result<std::string> jpeg) {
        auto failed = [this, name](ErrorCode code) {
            auto at = shown_.find(name);
            if (at == shown_.end()) return;
            at->second.state = State::Failed;
            at->second.error = code;
            const bool passing = code == ErrorCode::NotFound || code == ErrorCode::Unreachable || code == ErrorCode::ServerFailed;
            at->second.retry_at_ms = passing ? platform_.now_ms() + kRetryMs : 0;
            if (passing) platform_.wake_after(kRetryMs);
        };
        if (!jpeg) return failed(jpeg.error().code);
        if (!shown_.count(name)) return;
        platform_.load_picture(std::move(jpeg.value()), [this, name, failed](Result<Picture> picture) {
            auto at = shown_.find(name);
            if (at == shown_.end()) {
                if (picture) platform_.free_picture(picture.value());
                return;
            }
            if (!picture) return failed(picture.error().code);
            if (at->second.state == State::Ready) platform_.free_picture(at->second.picture);  // asked twice meanwhile
            at->second.state = State::Ready;
            at->second.picture = picture.value();
        });
    });
    return shown;
}

void PhotoShelf::end_frame() {
    if (chosen_ && adding_for_ != drawn_form_) {  // its form closed while the photo was kept: nothing will name it
        local_.photos().forget(*chosen_);
        chosen_.reset();
    }
    drawn_form_ = 0;
    for (auto it = shown_.begin(); it != shown_.end();) {
        if (it->second.drawn_in + 1 >= frame_) {
            ++it;
            continue;
        }
        if (it->second.state == State::Ready) platform_.free_picture(it->second.picture);
        it = shown_.erase(it);
    }
    ++frame_;
}

static const char* failure_text(ErrorCode code) {
    switch (code) {
    case ErrorCode::NotFound: return str::PhotoNotSentYet;
    case ErrorCode::Unreachable:
    case ErrorCode::ServerFailed:
    case ErrorCode::ServerRefused: return str::PhotoOffline;
    case ErrorCode::Tampered: return str::PhotoDamaged;
    default: return nullptr;  // no pictures here (the native shell): a plain button
    }
}

void PhotoShelf::draw_thumbnail(const PhotoRef& ref, size_t index, float height) {
    Shown& shown = request(ref);
    const std::string id = "form.photos." + std::to_string(index);
    bool clicked = false;
    if (shown.state == State::Ready) {
        const float width = height * shown.picture.width / std::max(1, shown.picture.height);
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(2, 2));  // a thin frame: the photo is what shows
        clicked = ImGui::ImageButton(id.c_str(), ImTextureRef(static_cast<ImTextureID>(shown.picture.texture)), ImVec2(width, height));
        ImGui::PopStyleVar();
    } else {
        const char* text = shown.state == State::Loading ? str::PhotoLoading : failure_text(shown.error);
        const std::string label = (text ? std::string(text) : format_text(str::PhotoNoPreview, std::to_string(index + 1))) + "##" + id;
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + height * 1.33f);
        clicked = ImGui::Button(label.c_str(), ImVec2(height * 1.33f, height));
        ImGui::PopTextWrapPos();
    }
    test_bridge::item(id.c_str());
    test_bridge::value(id.c_str(), shown.state == State::Ready ? "ready" : shown.state == State::Loading ? "loading" : "failed");
    if (shown.state == State::Ready)
        test_bridge::value((id + ".size").c_str(), std::to_string(shown.picture.width) + "x" + std::to_string(shown.picture.height));
    if (clicked) viewing_ = static_cast<int>(index), open_viewer_ = true;
}

void PhotoShelf::draw_field(std::string& value, bool editable, uint64_t form, std::vector<PhotoRef>& added, std::string& message) {
    drawn_form_ = form;
    if (chosen_ && adding_for_ == form) {  // a photo chosen in an earlier frame: into its form's field
        value += (value.empty() ? "" : " ") + photo_ref_text(*chosen_);
        added.push_back(std::move(*chosen_));
        chosen_.reset();
    }
    if (!add_problem_.empty() && adding_for_ == form) message = std::exchange(add_problem_, {});
    const std::vector<PhotoRef> refs = photo_refs(value);
    const float height = 7 * ImGui::GetFontSize();
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < refs.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::BeginGroup();
        // A read-only form's photos still open in the viewer.
        const bool disabled = ImGui::GetItemFlags() & ImGuiItemFlags_Disabled;
        if (disabled) ImGui::BeginDisabledOverrideReenable();
        draw_thumbnail(refs[i], i, height);
        if (disabled) ImGui::EndDisabledOverrideReenable();
        if (editable && ImGui::SmallButton(str::PhotoRemove)) {
            std::string rest;
            for (size_t k = 0; k < refs.size(); ++k)
                if (k != i) rest += (rest.empty() ? "" : " ") + photo_ref_text(refs[k]);
            value = rest;
        }
        test_bridge::item(("form.photos.remove." + std::to_string(i)).c_str());
        ImGui::EndGroup();
        ImGui::PopID();
        if (i + 1 < refs.size() && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + height * 1.4f <= right) ImGui::SameLine();
    }
    test_bridge::value("form.photos.count", std::to_string(refs.size()));
    if (open_viewer_) viewer_refs_ = refs;
    if (!editable) return;
    if (refs.size() >= kMaxPhotosPerRecord) {
        ImGui::TextDisabled("%s", format_text(str::PhotoFull, std::to_string(kMaxPhotosPerRecord)).c_str());
        return;
    }
    ImGui::BeginDisabled(adding_);
    if (ImGui::Button(adding_ ? str::PhotoAdding : str::PhotoAdd)) add_photo(form, message);
    ImGui::EndDisabled();
    test_bridge::item("form.photos.add");
    test_bridge::value("form.photos.adding", adding_ ? "1" : "0");
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    wrapped_text(str::PhotoHint);
    ImGui::PopStyleColor();
}

// Chosen, scaled down (the platform), sealed and kept (the store): it joins the field once kept.
// A chooser cancelled answers nothing, so the button is busy only from the answer on.
void PhotoShelf::add_photo(uint64_t form, std::string& message) {
    message.clear();
    adding_for_ = form;
    platform_.choose_photo([this](Result<std::string> jpeg) {
        if (!jpeg) return void(add_problem_ = str::PhotoNotPicture);
        adding_ = true;
        local_.photos().add(platform_.vault(), std::move(jpeg.value()), [this](Result<PhotoRef> ref) {
            adding_ = false;
            if (ref) return void(chosen_ = std::move(ref.value()));
            const ErrorCode code = ref.error().code;
            add_problem_ = code == ErrorCode::TooLarge ? str::PhotoTooLarge : code == ErrorCode::InvalidValue ? str::PhotoNotPicture : str::PhotoNotKept;
        });
    });
}

// Drawn by the app at its root, outside the form (whose read-only state would disable it).
void PhotoShelf::draw_viewer() {
    if (std::exchange(open_viewer_, false)) ImGui::OpenPopup("##photo_viewer");
    const std::vector<PhotoRef>& refs = viewer_refs_;
    const ImGuiViewport* view = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(view->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(view->WorkSize.x * 0.92f, view->WorkSize.y * 0.92f), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("##photo_viewer", nullptr, ImGuiWindowFlags_NoTitleBar)) return;
    if (viewing_ < 0 || viewing_ >= static_cast<int>(refs.size())) {
        ImGui::CloseCurrentPopup();
        return ImGui::EndPopup();
    }
    ImGui::TextUnformatted(format_text(str::PhotoViewerTitle, std::to_string(viewing_ + 1), std::to_string(refs.size())).c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(viewing_ == 0);
    if (ImGui::ArrowButton("##previous", ImGuiDir_Left)) --viewing_;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(viewing_ + 1 >= static_cast<int>(refs.size()));
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) ++viewing_;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(str::FormClose) || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    test_bridge::item("photo.close");
    const Shown& shown = request(refs[viewing_]);
    const ImVec2 room = ImGui::GetContentRegionAvail();
    if (shown.state == State::Ready) {
        const float scale = std::min({room.x / shown.picture.width, room.y / shown.picture.height, 1.0f});
        const ImVec2 size(shown.picture.width * scale, shown.picture.height * scale);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (room.x - size.x) / 2);
        ImGui::Image(ImTextureRef(static_cast<ImTextureID>(shown.picture.texture)), size);
        test_bridge::item("photo.image");
    } else {
        const char* text = shown.state == State::Loading ? str::PhotoLoading : failure_text(shown.error);
        ImGui::TextUnformatted(text ? text : format_text(str::PhotoNoPreview, std::to_string(viewing_ + 1)).c_str());
    }
    ImGui::EndPopup();
}

void PhotoShelf::gather(const std::vector<PhotoRef>& refs, std::function<void(PhotoBytes)> done) {
    local_.photos().open_each(platform_.vault(), refs, remote_, std::move(done));
}

}  // namespace gy::ui
