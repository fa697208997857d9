#include "synthetic.h"

#include "pinyin.h"

namespace gy {

// Surnames by rough frequency, heavier weight first; 欧阳 and 司马 for two-character surnames.
static const char* const kSurnames[] = {
    "刘", "李", "王", "张", "陈", "杨", "周", "黄", "唐", "彭", "罗", "邓", "谢", "曾", "胡", "欧阳", "文",
    "廖", "蒋", "肖", "贺", "谭", "邹", "何", "吴", "赵", "易", "龙", "朱", "伍", "左", "段", "颜", "雷",
    "石", "汤", "尹", "戴", "袁", "孙", "郭", "宋", "匡", "阳", "向", "符", "邱", "邵", "钟", "单", "覃",
    "夏", "梁", "田", "许", "冯", "方", "严", "姜", "韩", "丁", "熊", "卢", "毛", "康", "莫", "司马", "吕",
};
static const char* const kGiven[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "浩", "宇", "轩", "梓", "涵", "欣",
    "怡", "子", "晨", "雨", "思", "佳", "嘉", "一", "诺", "睿", "俊", "博", "文", "琪", "瑶", "雪", "梦",
    "婷", "慧", "建", "国", "志", "海", "林", "春", "天", "昊", "然", "逸", "泽", "辰", "宸", "皓", "铭",
    "可", "馨", "悦", "彤", "雅", "琳", "诗", "语", "若", "依", "安", "欢", "乐", "心", "星", "航", "阳",
};
static const char* const kRare[] = {"祜", "堃", "琤", "䶮", "𠮷", "喆", "淼", "犇", "燚", "垚", "鑫", "翀",
                                    "昇", "玥", "珺", "璟", "彧", "骞", "婳", "翾", "𬌗", "𫖮", "𬭚", "㛃"};

template <typename T, size_t N>
static constexpr size_t count_of(T (&)[N]) { return N; }

uint32_t SyntheticPeople::next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<uint32_t>(state_ >> 16);
}

static void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string SyntheticPeople::name() {
    // Zipf-like surname choice: the square of a uniform draw favours the front of the list.
    const double u = (next() % 10000) / 10000.0;
    std::string n = kSurnames[static_cast<size_t>(u * u * count_of(kSurnames))];
    const int given = next() % 10 < 7 ? 2 : 1;
    for (int i = 0; i < given; ++i) {
        // Mostly the most common name characters; some from the whole 2013 standard
        // (a county's names use thousands of distinct characters); ~1 % rare ones.
        const uint32_t pick = next() % 200;
        if (pick == 0) {
            n += kRare[next() % count_of(kRare)];
        } else if (pick <= 30) {
            const auto& standard = standard_characters();
            append_utf8(n, standard[next() % standard.size()]);
        } else {
            n += kGiven[next() % count_of(kGiven)];
        }
    }
    return n;
}

std::vector<std::string> SyntheticPeople::names(size_t count) {
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) out.push_back(name());
    return out;
}

}  // namespace gy
