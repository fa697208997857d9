// imconfig_gongyu.h — Dear ImGui compile-time options for Gongyu (IMGUI_USER_CONFIG).
#pragma once

#define IMGUI_USE_WCHAR32             // characters beyond U+FFFF: 𠮷 and many rare name characters
#define IMGUI_DISABLE_DEFAULT_FONT    // glyphs come from the browser's fonts (platform/web_fonts.cpp)
#define IMGUI_DISABLE_DEMO_WINDOWS
#define IMGUI_DISABLE_DEBUG_TOOLS
#define IMGUI_DISABLE_OBSOLETE_FUNCTIONS
#define IMGUI_DISABLE_WIN32_FUNCTIONS
#ifdef __EMSCRIPTEN__
#define IMGUI_DISABLE_FILE_FUNCTIONS  // no .ini, no log file: the browser has no files (and the first visit is near its budget)
#endif
