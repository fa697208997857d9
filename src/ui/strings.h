// strings.h — every word a user sees, in Simplified Chinese, in one place.
//
// Code refers to these names only; no user-visible literal lives anywhere
// else in src/. Format strings use printf conventions.
// Depends on: nothing.
#pragma once

namespace gy::str {

// [SECTION] Application frame
inline constexpr const char* AppName = "共育";
inline constexpr const char* AppSubtitle = "家校共育与校联体工作平台";
inline constexpr const char* TownshipNotSet = "未选择乡镇";
inline constexpr const char* RoleClerk = "乡镇办事员";
inline constexpr const char* RoleSchoolAdmin = "校联体管理员";
inline constexpr const char* RoleTeacher = "教师/村干部";
inline constexpr const char* RoleCounty = "县级查看";

// [SECTION] Navigation areas
inline constexpr const char* AreaRegistry = "登记";
inline constexpr const char* AreaSurvey = "摸底";
inline constexpr const char* AreaPairing = "结对";
inline constexpr const char* AreaVisits = "家访";
inline constexpr const char* AreaActivities = "活动";
inline constexpr const char* AreaRequests = "诉求";
inline constexpr const char* AreaTimetable = "走教排课";
inline constexpr const char* AreaDashboard = "统计";
inline constexpr const char* AreaSync = "同步";
inline constexpr const char* AreaSettings = "设置";

inline constexpr const char* PlannedActivities =
    "家长学校、家长夜校、屋场恳谈会、专家讲座、安全教育的签到与场次统计；专家库、志愿者队伍、护校队排班。";
inline constexpr const char* PlannedTimetable =
    "校联体各校区周课表：开齐开足各科课时，走教教师在校区间往返的时间与次数限制，同步课堂；手动调整时即时校验。";
inline constexpr const char* PlannedDashboard =
    "乡镇与全县指标：摸底率、结对率、本学期家访率、活动场次、开齐开足校区数、逾期诉求；可下钻到记录，可打印导出。";
inline constexpr const char* PlannedSync =
    "多台设备经县里的文件服务器同步，端到端加密；无网络时可导出同步文件，用 U 盘或微信传递。";

inline constexpr const char* NotBuiltYet = "此功能尚在建设中";
inline constexpr const char* NotBuiltExplain = "这一部分还没有做好，现在还不能使用。做好后将包括：";
inline constexpr const char* NotBuiltNothingLost = "在此之前请继续使用原有表格，本系统不会改动它们。";

// [SECTION] Status bar
inline constexpr const char* StatusOnline = "● 服务器已连接";
inline constexpr const char* StatusOffline = "● 离线（服务器无法访问），可继续工作，修改保存在本机";
inline constexpr const char* StatusChecking = "● 正在检查服务器…";
inline constexpr const char* StatusSaving = "正在保存…";
inline constexpr const char* StatusSaved = "已保存";
inline constexpr const char* StatusSaveFailed = "保存失败，请重试";
inline constexpr const char* StatusLastContact = "上次连接：%s";
inline constexpr const char* StatusNeverContacted = "尚未连接过服务器";

// [SECTION] Start-up
inline constexpr const char* LoadingLedger = "正在打开本机保存的台账……";
inline constexpr const char* LoadingRest = "正在载入其余记录……";

// [SECTION] Problems found at start-up
inline constexpr const char* ProblemStoreUnavailable =
    "无法打开本机存储（浏览器可能禁止了存储或处于无痕模式）。本次的修改只保存在内存中，关闭页面后会丢失。";
inline constexpr const char* ProblemStoreReadFailed =
    "本机存储中的台账没能全部读出，现在显示的可能不全。为免覆盖原有数据，本次的修改不会写入本机存储。请关闭页面后重新打开。";
inline constexpr const char* ProblemRecordDamaged =
    "本机保存的“%s”已损坏，无法读取。已将原数据另存备份（%s），现以默认值启动，其他功能不受影响。";
inline constexpr const char* ProblemRecordTooNew =
    "本机保存的“%s”来自更新版本的共育，本版本无法读取。原数据已保留，请更新页面。";
inline constexpr const char* ProblemBadAttribute = "嵌入参数“%s”的值“%s”无效，已使用默认值。";
inline constexpr const char* RecordNameSettings = "本机设置";
inline constexpr const char* RecordNameLedger = "台账数据（%s）";
inline constexpr const char* Dismiss = "知道了";

// [SECTION] Settings screen
inline constexpr const char* SettingsDevice = "本机";
inline constexpr const char* SettingsDeviceName = "本机名称";
inline constexpr const char* SettingsDeviceNameHint = "例如：大塘镇政府办公室电脑";
inline constexpr const char* SettingsOperatorName = "使用人";
inline constexpr const char* SettingsOperatorNameHint = "姓名";
inline constexpr const char* SettingsTextScale = "文字大小";
inline constexpr const char* SettingsTextScaleFormat = "%d%%";
inline constexpr const char* SettingsSave = "保存";
inline constexpr const char* SettingsSaveHint = "按 Enter 也可保存";
inline constexpr const char* SettingsInvalid = "无法保存：%s";
inline constexpr const char* SettingsInvalidTooLong = "名称太长（最多 40 个汉字）";
inline constexpr const char* SettingsInvalidChars = "名称中含有不能使用的字符";
inline constexpr const char* SettingsInvalidScale = "文字大小须在 100% 到 200% 之间";
inline constexpr const char* SettingsConnection = "连接";
inline constexpr const char* SettingsBackend = "同步服务器";
inline constexpr const char* SettingsTownship = "乡镇";
inline constexpr const char* SettingsRole = "角色";
inline constexpr const char* SettingsStorage = "本机存储";
inline constexpr const char* StorageIndexedDB = "浏览器数据库（IndexedDB）";
inline constexpr const char* StorageFiles = "本机文件";
inline constexpr const char* StorageMemoryOnly = "仅内存（关闭后丢失）";

inline constexpr const char* SettingsGlyphCheck = "生僻字显示检查";
inline constexpr const char* SettingsGlyphCheckHint =
    "在下面输入或粘贴姓名，检查本机能否正常显示（如 祜、堃、琤、䶮、𠮷）。显示为方框的字，本机字体中没有。";

// [SECTION] Registry (登记)
inline constexpr const char* RegistryTree = "组织";
inline constexpr const char* RegistryAllTownships = "全部";
inline constexpr const char* RegistrySearchHint = "姓名、拼音首字母（如 zs）或身份证号、电话";
inline constexpr const char* RegistryAnyCategory = "全部学生";
inline constexpr const char* RegistryCount = "共 %d 人";
inline constexpr const char* RegistryEmpty = "还没有登记任何学生。先在左边建立乡镇、校联体、校区和班级，再点“新增学生”。";
inline constexpr const char* RegistryAdd = "新增%s";
inline constexpr const char* RegistryEditTitle = "编辑%s：%s";
inline constexpr const char* RegistryNewTitle = "新增%s";
inline constexpr const char* RegistryUndo = "撤销上一步";
inline constexpr const char* RegistryExportCsv = "导出 CSV";
inline constexpr const char* RegistryExportXlsx = "导出 Excel";
inline constexpr const char* RegistryImport = "导入 Excel/CSV";
inline constexpr const char* RegistryMakingXlsx = "正在生成 Excel…";
inline constexpr const char* RegistryReadingXlsx = "正在读取 Excel…";
inline constexpr const char* RegistryXlsxFailed = "生成 Excel 失败：%s";
inline constexpr const char* ExportSheetTitle = "%s名单";
inline constexpr const char* RegistryExportXlsxName = "%s名单-%s.xlsx";
inline constexpr const char* XlsxOldXls = "这是旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入";
inline constexpr const char* XlsxEncrypted = "这个 Excel 文件有密码保护，请在 Excel/WPS 中取消密码后再导入";
inline constexpr const char* XlsxTooLarge = "文件太大（超出一次能导入的范围），请分成几个文件导入";
inline constexpr const char* XlsxUnavailable = "Excel 功能加载失败，请检查网络后重试";
inline constexpr const char* XlsxDamaged = "不是有效的 Excel（.xlsx）文件，或文件已损坏";
inline constexpr const char* ImportRemembered = "已按上次的对应关系填好（可再修改）";
inline constexpr const char* ImportTitle = "导入%s名单：%s";
inline constexpr const char* ImportUnreadable = "无法读取文件“%s”：%s";
inline constexpr const char* ImportEmpty = "文件“%s”里没有内容";
inline constexpr const char* ImportEncodingGb = "（GB18030/GBK 编码，已转换）";
inline constexpr const char* ImportMapping = "第一步：核对每一列对应的项目（不需要的列选“不导入”）";
inline constexpr const char* ImportIgnore = "不导入";
inline constexpr const char* ImportColumnHeader = "表格中的列";
inline constexpr const char* ImportColumnField = "导入为";
inline constexpr const char* ImportColumnSample = "第一行的内容";
inline constexpr const char* ImportSummary = "第二步：共 %s 行，可导入 %s 行，有问题 %s 行（问题行不会导入，可在表格中改正后重新导入）";
inline constexpr const char* ImportMergesNote = "其中 %s 行的身份证号已登记";
inline constexpr const char* ImportMergeChoice = "身份证号已登记的，用表格中的内容补充更新原记录";
inline constexpr const char* ImportProblemRow = "第 %s 行";
inline constexpr const char* ImportColumnRow = "行";
inline constexpr const char* ImportColumnColumn = "列";
inline constexpr const char* ImportColumnReason = "原因";
inline constexpr const char* ImportAccept = "导入 %s 行";
inline constexpr const char* ImportDone = "已导入 %s 行";
inline constexpr const char* ImportAmbiguous = "有多个同名记录，请先在左侧选中所在校区或校联体";
inline constexpr const char* RegistryExportName = "%s名单-%s.csv";
inline constexpr const char* RegistryExported = "已导出 %s 人（%s）";
inline constexpr const char* RegistryUndone = "已撤销上一步修改";
inline constexpr const char* RegistryNothingToUndo = "没有可撤销的修改";
inline constexpr const char* RegistryKeysHint = "Tab 下一项，Enter 保存，Esc 取消";
inline constexpr const char* FormReadOnly = "您的角色只能查看这条记录，不能修改。需要更正请联系乡镇办事员。";
inline constexpr const char* FormCannotAdd = "您的角色不能新增这类记录：校联体管理员负责本校联体的学生、监护人、结对、家访和需求，帮扶人负责自己学生的家访、摸底和需求。";
inline constexpr const char* FormClose = "关闭";
inline constexpr const char* RegistryNotChosen = "（未选择）";
inline constexpr const char* RegistryChooseFilter = "输入筛选…";
inline constexpr const char* RegistryHistory = "修改记录";
inline constexpr const char* RegistryHistoryLine = "%s  %s  %s：%s → %s";
inline constexpr const char* RegistryCreated = "新建";
inline constexpr const char* RegistryDeleted = "删除";
inline constexpr const char* RegistryEmptyValue = "（空）";
inline constexpr const char* Save = "保存";
inline constexpr const char* Cancel = "取消";
inline constexpr const char* RegistryNotSaved = "未保存：请改正标红的项目。";

// [SECTION] Printing (打印): the buttons, and the words of the printed documents (core/print.h)
inline constexpr const char* PrintLedgerButton = "打印台账";
inline constexpr const char* PrintChildButton = "打印一生一档";
inline constexpr const char* PrintChoosePlace = "请先在左边选择要打印的校联体、校区或班级";
inline constexpr const char* PrintOpened = "已打开打印页面：%s";
inline constexpr const char* PrintLedgerName = "家校共育台账-%s-%s";
inline constexpr const char* PrintChildName = "一生一档-%s-%s";
inline constexpr const char* PrintLedgerTitle = "家校共育台账";
inline constexpr const char* PrintChildTitle = "一生一档";
inline constexpr const char* PrintPrintedOn = "打印日期：%s";
inline constexpr const char* PrintPageOf = "第 %s 页 共 %s 页";
inline constexpr const char* PrintButton = "打印";
inline constexpr const char* PrintCount = "共 %s 人";
inline constexpr const char* PrintNarrowedTo = "仅列出：%s";
inline constexpr const char* PrintColumnNumber = "序号";
inline constexpr const char* PrintColumnGuardians = "监护人及电话";
inline constexpr const char* PrintColumnHelpers = "结对帮扶人";
inline constexpr const char* PrintColumnVisits = "本学期家访(次)";
inline constexpr const char* PrintColumnLastVisit = "最近家访";
inline constexpr const char* PrintBasic = "基本情况";
inline constexpr const char* PrintGuardians = "监护人";
inline constexpr const char* PrintPairs = "结对帮扶";
inline constexpr const char* PrintSurveys = "入户摸底";
inline constexpr const char* PrintVisits = "家访记录（共 %s 次）";
inline constexpr const char* PrintGuardian = "%s（%s）%s";
inline constexpr const char* PrintNone = "无";
inline constexpr const char* PrintPhotos = "入户照片（%s）";
inline constexpr const char* PrintPhotosMissing = "另有 %s 张照片未能取得（尚未同步到本机），未打印。";

// [SECTION] Pairing (结对) and visits (家访)
inline constexpr const char* PairingSummary = "在帮结对 %d 对：逾期 %d，本周到期 %d";
inline constexpr const char* PairingOverdue = "逾期";
inline constexpr const char* PairingThisWeek = "本周到期";
inline constexpr const char* PairingAll = "全部";
inline constexpr const char* PairingHelperHint = "按帮扶人筛选：姓名或拼音首字母";
inline constexpr const char* PairingColumnStudent = "学生";
inline constexpr const char* PairingColumnHelper = "帮扶人";
inline constexpr const char* PairingColumnLast = "上次联系";
inline constexpr const char* PairingColumnNext = "下次回访";
inline constexpr const char* PairingColumnStatus = "状态";
inline constexpr const char* PairingDaysOverdue = "逾期 %s 天";
inline constexpr const char* PairingOnTrack = "正常";
inline constexpr const char* PairingClickToRecord = "点击一行即可记录这次回访（家访）。";
inline constexpr const char* PairingNone = "没有符合条件的结对。";
inline constexpr const char* SurveyTitle = "摸底登记：特殊群体学生 %s 人，已入户摸底 %s 人";
inline constexpr const char* SurveyColumnVillage = "村(社区)";
inline constexpr const char* SurveyColumnSpecial = "特殊群体学生";
inline constexpr const char* SurveyColumnSurveyed = "已摸底";
inline constexpr const char* SurveyColumnRate = "摸底率";
inline constexpr const char* SurveyNoVillage = "（未填户籍村）";
inline constexpr const char* VisitsSemester = "%s学期：%s 至 %s";
inline constexpr const char* VisitsAutumn = "秋季";
inline constexpr const char* VisitsSpring = "春季";
inline constexpr const char* VisitsColumnSchool = "校联体";
inline constexpr const char* VisitsColumnSpecial = "特殊群体学生";
inline constexpr const char* VisitsColumnVisited = "本学期已家访";
inline constexpr const char* VisitsColumnCoverage = "覆盖率";
inline constexpr const char* VisitsTotal = "合计";
inline constexpr const char* VisitsNotVisited = "%s：本学期尚未家访的特殊群体学生（%s 人），点击一行记录家访";
inline constexpr const char* VisitsChooseSchool = "点击上表中的校联体，查看尚未家访的学生。";

// [SECTION] Why a value or an edit was refused (core Problem codes)
inline constexpr const char* ProblemRequired = "必填";
inline constexpr const char* ProblemTooLong = "太长了";
inline constexpr const char* ProblemBadText = "含有无法识别的字符";
inline constexpr const char* ProblemBadPhone = "电话号码应为 11 位手机号或带区号的座机号";
inline constexpr const char* ProblemBadDate = "日期格式不对，请写成 2026-11-23 或 2026年11月23日";
inline constexpr const char* ProblemDateOutOfRange = "日期超出范围（不能晚于今天，也不能早于一百年前）";
inline constexpr const char* ProblemBadNumber = "应为范围内的整数";
inline constexpr const char* ProblemUnknownChoice = "不是可选的值";
inline constexpr const char* ProblemUnknownRecord = "所选记录不存在或已删除";
inline constexpr const char* ProblemWrongKind = "所选记录类型不对";
inline constexpr const char* ProblemDuplicateId = "该身份证号已登记（%s）";
inline constexpr const char* ProblemStillReferenced = "还有其他记录属于它（%s），不能删除";
inline constexpr const char* ProblemNoSuchField = "没有这一项";
inline constexpr const char* ProblemStillLoading = "台账还在载入，请稍候再保存（已填写的内容不会丢失）";
inline constexpr const char* ProblemPairLimit = "该帮扶人结对已达上限（%s 人），请先解除其他结对或另选帮扶人";
inline constexpr const char* IdProblemLength = "身份证号应为 18 位";
inline constexpr const char* IdProblemCharacters = "身份证号只能是数字，最后一位可以是 X";
inline constexpr const char* IdProblemRegion = "身份证号前 6 位地区码不对";
inline constexpr const char* IdProblemBirthDate = "身份证号中的出生日期不存在";
inline constexpr const char* IdProblemFutureBirth = "身份证号中的出生日期晚于今天";
inline constexpr const char* IdProblemCheckDigit = "身份证号校验位不对，可能有一位输错了";

// [SECTION] Name-list benchmark screen (only with test="1" and bench-names=N)
inline constexpr const char* BenchTitle = "名单测试（%d 个虚构姓名）";
inline constexpr const char* BenchTimes = "生成 %.0f 毫秒，建索引 %.0f 毫秒，按拼音排序 %.0f 毫秒；本次搜索 %.2f 毫秒，找到 %d 人";
inline constexpr const char* BenchSearchHint = "拼音、首字母或汉字，如 zs、zhangsan、张";
inline constexpr const char* BenchColumnNumber = "序号";
inline constexpr const char* BenchColumnName = "姓名";
inline constexpr const char* BenchColumnPinyin = "拼音";

// [SECTION] Sync screen and the sync part of the status line
inline constexpr const char* SyncExplain =
    "本机的每条修改先保存在本机，联网后自动上传到县里的文件服务器，并取回本乡镇其他设备的修改。"
    "两台设备改了同一项时，以后改的为准，被覆盖的内容留在该记录的修改历史里。";
inline constexpr const char* SyncCheckNow = "立即检查连接";
inline constexpr const char* SyncNow = "立即同步";
inline constexpr const char* SyncNextCheck = "服务器连不上，下次自动检查：%s";
inline constexpr const char* SyncLinkUp = "服务器已连接";
inline constexpr const char* SyncLinkChecking = "正在检查服务器连接…";
inline constexpr const char* SyncRunning = "正在同步…";
inline constexpr const char* SyncLastSuccess = "上次同步成功：%s";
inline constexpr const char* SyncNeverSynced = "尚未同步过";
inline constexpr const char* SyncPending = "待上传：%zu 条修改";
inline constexpr const char* SyncPhotosWaiting = "待上传照片：%zu 张（同步时先传照片）";
inline constexpr const char* SyncAllSent = "本机没有待上传的修改";
inline constexpr const char* SyncReceived = "本次运行已收到其他设备的修改：%zu 条";
inline constexpr const char* SyncStore = "同步文件夹：%s";
inline constexpr const char* SyncProblemsTitle = "上次同步遇到的问题（其余部分已照常同步）：";
inline constexpr const char* SyncProblemsTitleStopped = "上次同步中途断开，没有做完的部分稍后自动重试：";
inline constexpr const char* SyncErrUnreachable = "无法连接服务器（网络中断或服务器未开），稍后自动重试";
inline constexpr const char* SyncErrRefused = "服务器拒绝了请求（%s）：%s";
inline constexpr const char* SyncErrStorageKey = "存储服务器不认本机的访问密钥（县里可能换了密钥）：请办事员在“更换本乡镇密码”处填上新的访问密钥，本机随后自动换用";
inline constexpr const char* SyncErrServerFailed = "服务器暂时出错（%s），稍后自动重试：%s";
inline constexpr const char* SyncErrDamaged = "服务器上的文件损坏或不完整，已跳过，未合并：%s";
inline constexpr const char* SyncErrNewer = "服务器上的文件来自更新版本的共育，请更新本机后再同步：%s";
inline constexpr const char* SyncErrStore = "收到的修改未能保存到本机，下次同步会重试";
inline constexpr const char* SyncBundleTitle = "没有网络时：用同步文件在设备之间传递修改（U 盘、微信文件）";
inline constexpr const char* SyncBundleExport = "导出同步文件";
inline constexpr const char* SyncBundleImport = "导入同步文件";
inline constexpr const char* SyncBundleName = "共育同步-%s-%s.gysync";
inline constexpr const char* SyncBundleExported = "已导出同步文件：%s（%s 条修改）。在另一台设备的“同步”里导入即可。";
inline constexpr const char* SyncBundlePhotos = "另含照片 %s 张。";
inline constexpr const char* SyncBundleImported = "已导入同步文件：%s 条新修改已合并，%s 条本机已有。";
inline constexpr const char* SyncBundleOtherTownship = "这是其他乡镇的同步文件，未导入。本机数据没有任何改动。";
inline constexpr const char* SyncBundleNewer = "这个同步文件来自更新版本的共育，请先更新本机。本机数据没有任何改动。";
inline constexpr const char* SyncBundleDamaged = "这不是共育同步文件，或文件已损坏（可能没有传完整），未导入。本机数据没有任何改动。";
inline constexpr const char* SyncBundleStoreFailed = "同步文件已读取，但保存到本机失败，请重试。";
inline constexpr const char* SyncStatusSynced = "已同步 %s";
inline constexpr const char* SyncStatusPending = "%zu 条修改待上传";
inline constexpr const char* SyncStatusFailed = "同步未完成，稍后自动重试";
inline constexpr const char* SyncStatusNoKeys = "未设置本乡镇密钥，暂不同步";
inline constexpr const char* SyncErrTampered = "服务器上的文件被改动过或不完整（签名不符），已跳过，未合并：%s";
inline constexpr const char* SyncErrWrongKey = "服务器上的文件不是用本乡镇的密钥加密的，已跳过：%s";
inline constexpr const char* SyncErrModule = "同步组件未能加载（网络不好），稍后自动重试";
inline constexpr const char* SyncErrNoKeys = "本机还没有本乡镇的密钥：请在上面设置或加入";
inline constexpr const char* SyncWhereFolder = "服务器上的同步文件夹";
inline constexpr const char* SyncWhereDevice = "设备 %s 的文件夹";
inline constexpr const char* SyncWhereCommits = "设备 %s 的第 %s 条修改";
inline constexpr const char* SyncWhereSnapshot = "设备 %s 存放的快照（%s 条修改）";
inline constexpr const char* SyncBundleWrongKey = "这个同步文件不是用本乡镇的密钥加密的，未导入。本机数据没有任何改动。";
inline constexpr const char* SyncBundleTampered = "这个同步文件被改动过或不完整（签名不符），未导入。本机数据没有任何改动。";
inline constexpr const char* SyncBundleUnknownSigner = "这个同步文件不是本乡镇的设备或已发钥匙的角色签名的，未导入。本机数据没有任何改动。";
inline constexpr const char* SyncErrUnknownSigner = "服务器上的文件不是本乡镇的设备或已发钥匙的角色签名的，已跳过，未合并：%s";
inline constexpr const char* SyncRefusedTakenBack = "其中 %s 处修改超出了该角色的权限，已改回原样（改动和改回都记在修改记录里）。";
inline constexpr const char* SyncRefusedNotTakenBack = "其中 %s 处修改超出了该角色的权限，但未能改回，请在修改记录里查看并手动更正。";
inline constexpr const char* SyncRefusedRound = "最近一次同步：%s 处修改超出了该角色的权限（如帮扶人改了不由他负责的记录），已改回原样；改动和改回都记在修改记录里。";
inline constexpr const char* SyncRelayedRound = "最近一次同步：代其他设备把 %s 条修改转给了新近可以查看它们的角色（如刚结对的帮扶人），不必等那台设备再同步。";
inline constexpr const char* SyncRoleFilesWaiting =
    "有 %s 个角色设备的修改文件暂未合并：那台设备已经看到了本乡镇其他电脑的修改，而本机还没收到。等那台电脑同步后会自动合并（最多等一天）。";
inline constexpr const char* SyncHeldCommits =
    "有 %s 条其他角色设备的修改超出了该角色的权限（如帮扶人改了学生名册），本机暂不显示，等乡镇办事员的电脑核定后再合并（最多等一天）。";
inline constexpr const char* SyncBundleHeld =
    "其中 %s 条修改超出了导出它的角色的权限，暂不合并：乡镇办事员的电脑核定后，同步或再次导入时合并（最多等一天）。";
inline constexpr const char* SyncBundleWaits =
    "这个同步文件里的修改依据了本乡镇另一台电脑的修改，本机还没收到，暂不导入：请先同步（或导入那台电脑的同步文件），再导入一次。本机数据没有任何改动。";
inline constexpr const char* SyncBundleNoKeys = "请先在上面设置或加入本乡镇密钥，再导出或导入同步文件。";
inline constexpr const char* SyncBundleSealing = "正在加密同步文件…";
inline constexpr const char* SyncBundleNeedsPassphrase =
    "本机还没有本乡镇密钥：请在上面的密码框填写本乡镇密码（或恢复码），再导入一次。同步文件里带着加密的本乡镇密钥，不用联网。";

// [SECTION] 修改记录 (audit_panel.cpp)
inline constexpr const char* AuditTitle = "修改记录：谁、在哪台设备、什么时候改了什么（最新的在前）。从服务器或同步文件收到的修改都带有原设备的签名，中途被改动会被发现、不会合并。";
inline constexpr const char* AuditTitleShort = "修改记录";
inline constexpr const char* AuditAllDevices = "全部设备";
inline constexpr const char* AuditDeviceChoice = "设备 %s · %s";
inline constexpr const char* AuditExport = "导出修改记录（Excel）";
inline constexpr const char* AuditFileName = "共育修改记录-%s.xlsx";
inline constexpr const char* AuditExported = "已导出 %s 条修改记录：%s";
inline constexpr const char* AuditExportFailed = "修改记录未能导出（Excel 组件未能加载），请稍后再试。";
inline constexpr const char* AuditTime = "时间";
inline constexpr const char* AuditDevice = "设备";
inline constexpr const char* AuditAuthor = "操作人";
inline constexpr const char* AuditKind = "类别";
inline constexpr const char* AuditRecord = "记录";
inline constexpr const char* AuditField = "字段";
inline constexpr const char* AuditOld = "原值";
inline constexpr const char* AuditNew = "新值";
inline constexpr const char* AuditCreated = "新建";
inline constexpr const char* AuditDeleted = "删除";
inline constexpr const char* AuditRestored = "恢复";
inline constexpr const char* AuditNobody = "（未填写操作人）";
inline constexpr const char* AuditCheck = "核对修改记录";
inline constexpr const char* AuditChecking = "正在逐个读取服务器上的修改文件并核对签名…";
inline constexpr const char* AuditCheckNoKeys = "请先设置或加入本乡镇密钥，再核对修改记录。";
inline constexpr const char* AuditCheckAllGood = "核对完毕：服务器上 %s 个修改文件签名完好，其中 %s 条修改与本机记录逐字一致（%s 条本机还没有）。";
inline constexpr const char* AuditCheckUnfinished = "无法连接服务器，核对没有做完。已核对 %s 个文件。";
inline constexpr const char* AuditCheckFound = "核对发现 %s 处不一致，修改记录可能被改动过（请保留本机与服务器现状，报告县教育局）：";
inline constexpr const char* AuditCheckDiffers = "设备 %s 的第 %s 条修改：本机记录与该设备签名的文件不同";
inline constexpr const char* AuditCheckBadFile = "服务器上设备 %s 的修改文件 %s：签名不符、已损坏或不是本乡镇的";

// [SECTION] 本乡镇密钥 (keys_panel.cpp)
inline constexpr const char* KeysNone = "本机还没有本乡镇密钥，暂不同步";
inline constexpr const char* KeysExplain =
    "本乡镇的数据在离开本机之前加密，服务器和其他乡镇都看不到内容。"
    "第一台设备请填两遍新密码，点“首次设置本乡镇密码”；其他设备填同一个密码（或恢复码），点“加入本乡镇”。";
inline constexpr const char* KeysPassphraseHint = "本乡镇密码（至少 8 个字）或恢复码";
inline constexpr const char* KeysNewPassphraseHint = "新密码（至少 8 个字）";
inline constexpr const char* KeysConfirmHint = "再填一遍密码（首次设置或更换时）";
inline constexpr const char* KeysJoin = "加入本乡镇";
inline constexpr const char* KeysSetUp = "首次设置本乡镇密码";
inline constexpr const char* KeysReady = "本机已有本乡镇密钥：数据加密、签名后才离开本机";
inline constexpr const char* KeysChange = "更换本乡镇密码";
inline constexpr const char* KeysChangeConfirm = "确认更换";
inline constexpr const char* KeysBusy = "正在验证密码…";
inline constexpr const char* KeysNeedPassphrase = "请先填写本乡镇密码或恢复码。";
inline constexpr const char* KeysTooShort = "密码至少 8 个字（汉字、字母、数字都可以）。";
inline constexpr const char* KeysMismatch = "两次填写的密码不一样，请重新填写。";
inline constexpr const char* KeysWrongPassphrase = "密码或恢复码不对，请再试一次。本机数据没有任何改动。";
inline constexpr const char* KeysOtherTownship = "服务器上的密钥文件属于其他乡镇，请检查设置里的乡镇。本机数据没有任何改动。";
inline constexpr const char* KeysNoKeyFileYet = "服务器上还没有本乡镇的密钥。如果这是本乡镇第一台设备，请填两遍新密码，点“首次设置本乡镇密码”。";
inline constexpr const char* KeysNeedServer = "无法连接服务器：设置或加入本乡镇需要联网一次。";
inline constexpr const char* KeysServerRefused = "服务器拒绝了请求，请联系县里的管理员。本机数据没有任何改动。";
inline constexpr const char* KeysModuleUnavailable = "加密组件未能加载（网络不好），请稍后再试。";
inline constexpr const char* KeysKeyFileDamaged = "服务器上的密钥文件已损坏，请联系县里的管理员。本机数据没有任何改动。";
inline constexpr const char* KeysAlreadySetUp = "本乡镇已经设置过密码：请填同一个密码，点“加入本乡镇”。";
inline constexpr const char* KeysJoined = "已加入本乡镇，开始同步。";
inline constexpr const char* KeysJoinedByCode = "已用恢复码加入本乡镇。请现在设置一个新密码，其他设备以后用新密码加入。";
inline constexpr const char* KeysSetUpDone = "本乡镇密码已设置，开始同步。";
inline constexpr const char* KeysChanged = "本乡镇密码已更换：其他设备以后用新密码加入，已加入的设备不受影响。";
inline constexpr const char* KeysRecoveryTitle = "本乡镇恢复码";
inline constexpr const char* KeysRecoveryExplain =
    "请打印或抄写下面的恢复码，像公章一样妥善保管。忘记密码时，在任何设备上用它加入本乡镇，再设置新密码。恢复码只显示这一次。";
inline constexpr const char* KeysPrintCode = "打印恢复码";
inline constexpr const char* KeysAccountHint = "账号（校联体管理员、帮扶人填乡镇给的账号；乡镇办事员不填）";
inline constexpr const char* KeysBadAccount = "账号不对：请照乡镇给的账号填写，例如 helper.3fa2c1.9。本机数据没有任何改动。";
inline constexpr const char* KeysNoRoleKeyFile = "服务器上没有这个账号的密钥，请向乡镇办事员确认账号。本机数据没有任何改动。";
inline constexpr const char* KeysReadyAsSchool = "本机以校联体管理员身份加入：只能解密本校联体学生的资料";
inline constexpr const char* KeysReadyAsHelper = "本机以帮扶人身份加入：只能解密自己结对、负责的学生和家访";
inline constexpr const char* RolesTitle = "角色密钥（校联体管理员、帮扶人）";
inline constexpr const char* RolesExplain =
    "给校联体管理员或帮扶人单独发一把密钥：他们的设备只能解密自己能看的资料（本校联体的学生，或自己结对的学生和家访），"
    "其他资料到了他们的设备上也打不开。选好人，设一个密码，把账号和密码交给本人。";
inline constexpr const char* RolesSchool = "校联体管理员";
inline constexpr const char* RolesHelper = "帮扶人（教师、村干部等）";
inline constexpr const char* RolesPassphraseHint = "给此人设的密码（至少 8 个字）";
inline constexpr const char* RolesIssue = "生成角色密钥";
inline constexpr const char* RolesChooseFirst = "请先选择校联体或帮扶人。";
inline constexpr const char* RolesIssued = "已为 %s 生成密钥。账号：%s。请把账号和密码交给本人；下面是恢复码，请打印或抄下来交给本人保存：";
inline constexpr const char* RolesIssuedNext = "本人在自己的设备上打开“同步”，填账号和密码，点“加入本乡镇”。";
inline constexpr const char* KeysCodeKept = "我已保存恢复码";
inline constexpr const char* KeysStorageIdHint = "访问密钥 ID（县里给的，首次设置时填）";
inline constexpr const char* KeysStorageSecretHint = "访问密钥（首次设置时填）";
inline constexpr const char* KeysNeedStorageKey = "首次设置请先填写县里给的访问密钥 ID 和访问密钥。";
inline constexpr const char* KeysNeedBothStorageFields = "新的访问密钥 ID 和访问密钥要一起填。";
inline constexpr const char* KeysNewStorageIdHint = "新的访问密钥 ID（县里换了密钥才填）";
inline constexpr const char* KeysNewStorageSecretHint = "新的访问密钥（县里换了密钥才填）";
inline constexpr const char* KeysStorageKeyRefused = "存储服务器不认这个访问密钥：请核对县里给的访问密钥 ID 和访问密钥。本机数据没有任何改动。";
inline constexpr const char* KeysChangedWithStorageKey = "本乡镇密码和访问密钥已更换：已加入的设备下次同步时自动换用新的访问密钥，其他设备以后用新密码加入；角色密钥请重新生成。";
inline constexpr const char* KeysPrintName = "共育恢复码-%s";
inline constexpr const char* KeysPrintHtml =
    "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>共育恢复码</title>"
    "<body style=\"font-family:sans-serif;margin:2cm\"><h1>共育 本乡镇恢复码</h1><p>乡镇：%s</p>"
    "<p style=\"font:bold 20pt monospace;letter-spacing:2px\">%s</p><p>打印日期：%s</p>"
    "<p>忘记本乡镇密码时，在共育的“同步”里填这个恢复码，点“加入本乡镇”，再设置新密码。请像公章一样妥善保管，不要拍照发到群里。</p></body></html>";

// [SECTION] 县级汇总 and 县级密钥 (county_screen.cpp) — issue 6.6/6.7
inline constexpr const char* CountyTitle = "县级汇总：各乡镇上报的统计数字（不含姓名等个人信息）";
inline constexpr const char* CountyKeysNone = "本机还没有县级密钥，看不到各乡镇的数字";
inline constexpr const char* CountyKeysExplain =
    "各乡镇的统计数字用县级公钥加密后上报，只有县级密钥能打开。"
    "第一次使用请填两遍新密码，点“首次设置县级密码”；县里其他电脑填同一个密码（或恢复码），点“加入县级查看”。";
inline constexpr const char* CountyKeysPassphraseHint = "县级密码（至少 8 个字）或恢复码";
inline constexpr const char* CountyKeysJoin = "加入县级查看";
inline constexpr const char* CountyKeysSetUp = "首次设置县级密码";
inline constexpr const char* CountyKeysReady = "本机已有县级密钥";
inline constexpr const char* CountyKeysChange = "更换县级密码";
inline constexpr const char* CountyKeysNeedPassphrase = "请先填写县级密码或恢复码。";
inline constexpr const char* CountyKeysOtherOwner = "服务器上的县级密钥文件不对（属于某个乡镇），请联系管理员。本机数据没有任何改动。";
inline constexpr const char* CountyKeysNoKeyFileYet = "服务器上还没有县级密钥。如果这是县里第一台电脑，请填两遍新密码，点“首次设置县级密码”。";
inline constexpr const char* CountyKeysNeedServer = "无法连接服务器：设置或加入县级查看需要联网。";
inline constexpr const char* CountyKeysAlreadySetUp = "县级密码已经设置过：请填同一个密码，点“加入县级查看”。";
inline constexpr const char* CountyKeysJoined = "已加入县级查看。";
inline constexpr const char* CountyKeysJoinedByCode = "已用恢复码加入县级查看。请现在设置一个新密码，县里其他电脑以后用新密码加入。";
inline constexpr const char* CountyKeysSetUpDone = "县级密码已设置。请把下面的县级公钥交给门户网站管理员。";
inline constexpr const char* CountyKeysChanged = "县级密码已更换：县里其他电脑以后用新密码加入，已加入的不受影响。";
inline constexpr const char* CountyKeysRecoveryTitle = "县级恢复码";
inline constexpr const char* CountyKeysRecoveryExplain =
    "请打印或抄写下面的恢复码，像公章一样妥善保管。忘记县级密码时，用它加入县级查看，再设置新密码。恢复码只显示这一次。";
inline constexpr const char* CountyKeysOwner = "县级查看";
inline constexpr const char* CountyKeysPrintHtml =
    "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>共育恢复码</title>"
    "<body style=\"font-family:sans-serif;margin:2cm\"><h1>共育 县级恢复码</h1><p>用途：%s</p>"
    "<p style=\"font:bold 20pt monospace;letter-spacing:2px\">%s</p><p>打印日期：%s</p>"
    "<p>忘记县级密码时，在共育的“统计”里填这个恢复码，点“加入县级查看”，再设置新密码。请像公章一样妥善保管，不要拍照发到群里。</p></body></html>";
inline constexpr const char* CountyStorageIdHint = "县级查看的访问密钥 ID（首次设置时填）";
inline constexpr const char* CountyNeedStorageKey = "首次设置请先填写县级查看的访问密钥 ID 和访问密钥（见部署说明的 S3 一节）。";
inline constexpr const char* CountyNewStorageIdHint = "新的访问密钥 ID（换了县级查看的密钥才填）";
inline constexpr const char* CountyNewStorageSecretHint = "新的访问密钥（换了县级查看的密钥才填）";
inline constexpr const char* CountyStorageKeyRefused = "存储服务器不认这个访问密钥：请核对县级查看的访问密钥 ID 和访问密钥。本机数据没有任何改动。";
inline constexpr const char* CountyKeysChangedWithStorageKey = "县级密码和访问密钥已更换：已加入的电脑下次刷新时自动换用新的访问密钥，县里其他电脑以后用新密码加入。";
inline constexpr const char* CountyStorageKeyRevoked = "存储服务器不认本机的访问密钥（可能换了密钥）：请在“更换县级密码”处填上新的访问密钥，其他电脑随后自动换用";
inline constexpr const char* CountyPublicKey = "县级公钥（请交给门户网站管理员，填在页面的 data-county-key 里）：";
inline constexpr const char* CountyCopyKey = "复制公钥";
inline constexpr const char* CountyKeyCopied = "已复制县级公钥。";
inline constexpr const char* CountyRefresh = "刷新";
inline constexpr const char* CountyExport = "导出 Excel";
inline constexpr const char* CountyLoading = "正在读取各乡镇的数字…";
inline constexpr const char* CountySummary = "%s 个乡镇已上报";
inline constexpr const char* CountySilent = "尚未上报：%s";
inline constexpr const char* CountyNone = "还没有乡镇上报数字。乡镇设备同步成功后会自动上报（门户页面需填好县级公钥）。";
inline constexpr const char* CountyFileProblem = "%s：%s";
inline constexpr const char* CountyWrongKey = "不是用本县公钥加密的，打不开（可能门户页面的县级公钥填错了），已跳过";
inline constexpr const char* CountyTampered = "文件被改动或不完整，签名不符，已跳过";
inline constexpr const char* CountyOtherTownship = "文件里是其他乡镇的数字，却放在这个乡镇的文件夹里，已跳过";
inline constexpr const char* CountyUnreachable = "无法连接服务器，请稍后点“刷新”";
inline constexpr const char* CountyModuleUnavailable = "加密组件未能加载（网络不好），请稍后点“刷新”";
inline constexpr const char* CountyServerRefused = "服务器拒绝了请求，请联系管理员";
inline constexpr const char* CountyDamaged = "不是共育的统计文件，或文件已损坏，已跳过";
inline constexpr const char* CountyServerRoot = "服务器的数据文件夹";
inline constexpr const char* CountyColTownship = "乡镇";
inline constexpr const char* CountyColAsOf = "截至日期";
inline constexpr const char* CountyColSpecial = "特殊群体儿童";
inline constexpr const char* CountyColSurveyed = "已摸底";
inline constexpr const char* CountyColSurveyedShare = "摸底率";
inline constexpr const char* CountyColVisited = "本学期已家访";
inline constexpr const char* CountyColCoverage = "家访覆盖率";
inline constexpr const char* CountyColPairs = "在帮结对";
inline constexpr const char* CountyColTotal = "合计";
inline constexpr const char* CountyFileName = "共育县级汇总-%s.xlsx";
inline constexpr const char* CountySheetTitle = "县级汇总";
inline constexpr const char* CountyExported = "已导出 %s 个乡镇的数字：%s";
inline constexpr const char* CountyTrendTitle = "近 12 个月各乡镇的变化";
inline constexpr const char* CountyTrendVisits = "每月家访次数";
inline constexpr const char* CountyTrendSurveys = "每月入户摸底户数";
inline constexpr const char* CountyTrendPairs = "月末在帮结对数";
inline constexpr const char* CountyTrendSpecial = "月末特殊群体儿童数";
inline constexpr const char* CountyTrendExport = "导出这张表";
inline constexpr const char* CountyTrendNone = "还没有乡镇上报按月的数字（乡镇设备更新到新版本并同步后就有）。";
inline constexpr const char* CountyTrendFileName = "共育县级汇总-%s-%s.xlsx";
inline constexpr const char* CountyExportFailed = "县级汇总未能导出（Excel 组件未能加载），请稍后再试。";
// [END SECTION] 县级汇总

// [SECTION] Household survey form (入户摸底) and requests (需求单) — issue 5.4 / 5.6
inline constexpr const char* SurveySectionChild = "一、学生";
inline constexpr const char* SurveySectionFamily = "二、家庭情况";
inline constexpr const char* SurveySectionGuardian = "三、主要监护人";
inline constexpr const char* SurveySectionCategories = "四、特殊群体类别";
inline constexpr const char* SurveySectionNeeds = "五、需求";
inline constexpr const char* SurveySectionNotes = "六、备注";
inline constexpr const char* SurveySectionPhotos = "七、入户照片";
inline constexpr const char* PhotoAdd = "添加照片（拍照或从相册选）";
inline constexpr const char* PhotoAdding = "正在处理照片…";
inline constexpr const char* PhotoRemove = "移除";
inline constexpr const char* PhotoFull = "每份最多 %s 张照片";
inline constexpr const char* PhotoHint = "照片存在本机，同步时加密上传；只有能查看这份摸底表的人能打开。";
inline constexpr const char* PhotoNotPicture = "无法读取这张照片，请选择 JPG、PNG 等常见格式的图片。";
inline constexpr const char* PhotoTooLarge = "照片太大，无法保存。";
inline constexpr const char* PhotoNotKept = "照片未能存入本机，请重试。";
inline constexpr const char* PhotoLoading = "正在载入…";
inline constexpr const char* PhotoNotSentYet = "照片还未从拍摄的设备上传";
inline constexpr const char* PhotoOffline = "未联网，照片还未下载";
inline constexpr const char* PhotoDamaged = "照片已损坏或被改动，无法打开";
inline constexpr const char* PhotoNoPreview = "照片 %s";
inline constexpr const char* PhotoViewerTitle = "入户照片 %s / %s";
inline constexpr const char* PhotoPreparingPrint = "正在准备照片，稍后打开打印页面…";
inline constexpr const char* SurveySectionOther = "其他";
inline constexpr const char* SurveyKeysHint = "Tab 下一项，空格勾选或打开列表，Enter 保存（多行文字中按 Ctrl+Enter），Esc 取消";
inline constexpr const char* SurveyChildPlace = "%s · %s";
inline constexpr const char* SurveyFilledFromChild = "已按登记信息预填类别和监护人，请逐项核对。";
inline constexpr const char* SurveyCategoriesUpdateChild = "保存后，学生登记中的特殊群体类别同步为这里勾选的类别。";
inline constexpr const char* SurveyRecordBy = "（摸底人：%s）";
inline constexpr const char* SurveyRecords = "入户摸底表（%s 份，最近的在前），点击一行查看、修改或补充";
inline constexpr const char* NeedsRaised = "本次提出的需求：";
inline constexpr const char* NeedToRequest = "转为需求单";
inline constexpr const char* NeedIsRequest = "已转为需求单（%s）";
inline constexpr const char* NeedNotConverted = "需求单未保存：%s";
inline constexpr const char* RequestsTitle = "需求单：待处理 %d，处理中 %d，已解决 %d";
inline constexpr const char* RequestsUnsolved = "未解决";
inline constexpr const char* RequestsAll = "全部";
inline constexpr const char* RequestsNone = "没有未解决的需求单。";
inline constexpr const char* RequestsClickToEdit = "点击一行可指派承办人、更新状态和处理结果。";
inline constexpr const char* RequestsColumnWhat = "需求内容";
inline constexpr const char* RequestsColumnStudent = "学生";
inline constexpr const char* RequestsColumnRaised = "提出";
inline constexpr const char* RequestsColumnStatus = "状态";
inline constexpr const char* RequestsColumnAssignee = "承办人";
inline constexpr const char* RequestsPendingNeeds = "家访中提出、尚未转为需求单的需求（%s 条）";
inline constexpr const char* RequestsPendingLine = "%s · %s";
// [END SECTION] Household survey form and requests

// [SECTION] Dates
inline constexpr const char* TimeFormat = "%02d:%02d:%02d";  // dates: core/dates.h, 2026年11月23日

}  // namespace gy::str
