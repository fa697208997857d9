// photo_shelf.h — household photos on screen: a survey's thumbnails, the viewer, adding a photo.
//
// A photo is opened (core/photos.h: from this device's store, else fetched
// from the server and kept) and made a texture (Platform::load_picture) the
// first frame it is drawn, and let go once no frame draws it: a township's
// photos never sit in memory together. One shelf for the app (App makes it);
// forms reach it through photo_shelf().
// Depends on: Dear ImGui, core (local_state, photos, print), platform.h.
#pragma once

#include "core/local_state.h"
#include "core/print.h"
#include "platform/platform.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gy::ui {

class PhotoShelf {
public:
    PhotoShelf(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}
    ~PhotoShelf();
    // Where photos this device lacks come from: the sync service's folder once there is one.
    void set_remote(RemoteFolder* remote) { remote_ = remote; }

    // A photos field (schema.h FieldType::Photos) as a row of thumbnails; a click opens the viewer.
    // Editable: each has 移除 (the reference leaves value) and 添加照片 chooses a new one, which joins
    // the field of the same form (form: a number per form opened) once kept. The photos this form
    // added and did not save are listed in added, for the form to forget on cancel.
    void draw_field(std::string& value, bool editable, uint64_t form, std::vector<PhotoRef>& added, std::string& message);
    // The photo viewer, once a thumbnail was clicked: at the root of the frame, after the screens.
    void draw_viewer();
    // The JPEGs of these photos that can be had (none: not here and not on the server), by name; done once.
    void gather(const std::vector<PhotoRef>& refs, std::function<void(PhotoBytes)> done);
    // After each frame: lets go of the pictures no frame drew.
    void end_frame();

private:
    enum class State { Loading, Ready, Failed };
    struct Shown {
        State state = State::Loading;
        Picture picture;
        ErrorCode error = ErrorCode::NotFound;
        double retry_at_ms = 0;  // a photo not on the server yet: asked again then
        uint64_t drawn_in = 0;   // the frame that last drew it
    };
    Shown& request(const PhotoRef& ref);
    void draw_thumbnail(const PhotoRef& ref, size_t index, float height);
    void add_photo(uint64_t form, std::string& message);

    LocalState& local_;
    Platform& platform_;
    RemoteFolder* remote_ = nullptr;
    std::map<std::string, Shown> shown_;  // by name
    uint64_t frame_ = 1;
    bool adding_ = false;                // a photo is being chosen, scaled down, sealed, kept
    uint64_t adding_for_ = 0;            // the form it was chosen in
    std::optional<PhotoRef> chosen_;     // added: goes into that form's field when next drawn
    std::string add_problem_;            // why the last photo could not be added, in Chinese
    uint64_t drawn_form_ = 0;            // the form whose photos field this frame drew
    int viewing_ = -1;                   // the photo the viewer shows, of the field drawn last
    bool open_viewer_ = false;           // a thumbnail was clicked this frame
    std::vector<PhotoRef> viewer_refs_;  // the photos of the field whose thumbnail was clicked
};

// The app's shelf (App sets it at start; nullptr before).
PhotoShelf* photo_shelf();
void set_photo_shelf(PhotoShelf* shelf);

}  // namespace gy::ui
