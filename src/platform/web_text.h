// web_text.h — keyboard, text, IME and clipboard in the browser (the "text agent").
//
// SDL2's web backend has no IME. Instead a hidden <textarea> (web/platform.js)
// takes keyboard focus while an ImGui text field is active and sits at the
// caret, so the pinyin IME's candidate window appears beside the field and a
// phone shows its on-screen keyboard. Its key, input and composition events
// come here: keys become ImGui key events, committed text becomes characters,
// the composition string is drawn inline, underlined. Copy and paste go
// through the system clipboard.
// Depends on: Dear ImGui, web/platform.js.
#pragma once

namespace gy {

// Replaces the SDL backend's keyboard, clipboard and IME hooks. Call after ImGui_ImplSDL2_Init.
// flush_queued_input hands SDL's queued mouse events to ImGui, so that a key
// and a click keep the order the user made them in (Ctrl+click).
void install_text_agent(float* pixel_ratio, void (*flush_queued_input)());
// Draws the IME's composition string at the caret; call after the app's own drawing.
void draw_composition();

}  // namespace gy
