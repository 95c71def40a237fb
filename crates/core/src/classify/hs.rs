//! Harmonized System chapters (HS 2022 nomenclature, World Customs Organization) with the
//! Chinese chapter titles of China's Customs Import and Export Tariff (中华人民共和国进出口税则).
//! Chapter 77 is reserved by the WCO and is not a valid code.

/// One HS chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HsChapter {
    /// Two-digit chapter code, e.g. `85`.
    pub code: &'static str,
    /// Short English title.
    pub name_en: &'static str,
    /// Short Chinese title.
    pub name_zh: &'static str,
}

const fn ch(code: &'static str, name_en: &'static str, name_zh: &'static str) -> HsChapter {
    HsChapter {
        code,
        name_en,
        name_zh,
    }
}

/// The 96 chapters of HS 2022.
pub static HS_CHAPTERS: &[HsChapter] = &[
    ch("01", "Live animals", "活动物"),
    ch("02", "Meat and edible meat offal", "肉及食用杂碎"),
    ch(
        "03",
        "Fish and crustaceans",
        "鱼、甲壳动物及其他水生无脊椎动物",
    ),
    ch("04", "Dairy produce; eggs; honey", "乳品；蛋品；天然蜂蜜"),
    ch("05", "Other products of animal origin", "其他动物产品"),
    ch(
        "06",
        "Live trees and plants; cut flowers",
        "活树及其他活植物；插花",
    ),
    ch("07", "Edible vegetables", "食用蔬菜"),
    ch("08", "Edible fruit and nuts", "食用水果及坚果"),
    ch(
        "09",
        "Coffee, tea, maté and spices",
        "咖啡、茶、马黛茶及调味香料",
    ),
    ch("10", "Cereals", "谷物"),
    ch("11", "Products of the milling industry", "制粉工业产品"),
    ch("12", "Oil seeds and oleaginous fruits", "含油子仁及果实"),
    ch("13", "Lac; gums, resins", "虫胶；树胶、树脂"),
    ch("14", "Vegetable plaiting materials", "编结用植物材料"),
    ch("15", "Animal or vegetable fats and oils", "动、植物油、脂"),
    ch("16", "Preparations of meat or fish", "肉、鱼等的制品"),
    ch("17", "Sugars and sugar confectionery", "糖及糖食"),
    ch("18", "Cocoa and cocoa preparations", "可可及可可制品"),
    ch(
        "19",
        "Preparations of cereals, flour, starch or milk",
        "谷物粉、淀粉或乳的制品；糕饼点心",
    ),
    ch(
        "20",
        "Preparations of vegetables, fruit or nuts",
        "蔬菜、水果、坚果的制品",
    ),
    ch("21", "Miscellaneous edible preparations", "杂项食品"),
    ch("22", "Beverages, spirits and vinegar", "饮料、酒及醋"),
    ch(
        "23",
        "Residues from the food industries; animal fodder",
        "食品工业残渣；配制的动物饲料",
    ),
    ch("24", "Tobacco", "烟草及其制品"),
    ch(
        "25",
        "Salt; sulphur; earths and stone; cement",
        "盐；硫磺；泥土及石料；水泥",
    ),
    ch("26", "Ores, slag and ash", "矿砂、矿渣及矿灰"),
    ch("27", "Mineral fuels and oils", "矿物燃料、矿物油"),
    ch("28", "Inorganic chemicals", "无机化学品"),
    ch("29", "Organic chemicals", "有机化学品"),
    ch("30", "Pharmaceutical products", "药品"),
    ch("31", "Fertilisers", "肥料"),
    ch(
        "32",
        "Tanning or dyeing extracts; paints",
        "鞣料、染料、涂料",
    ),
    ch(
        "33",
        "Essential oils; perfumery, cosmetics",
        "精油及香膏；芳香料制品及化妆盥洗品",
    ),
    ch(
        "34",
        "Soap, washing and lubricating preparations",
        "肥皂、洗涤剂、润滑剂",
    ),
    ch(
        "35",
        "Albuminoidal substances; glues; enzymes",
        "蛋白类物质；胶；酶",
    ),
    ch("36", "Explosives; pyrotechnic products", "炸药；烟火制品"),
    ch(
        "37",
        "Photographic or cinematographic goods",
        "照相及电影用品",
    ),
    ch("38", "Miscellaneous chemical products", "杂项化学产品"),
    ch("39", "Plastics and articles thereof", "塑料及其制品"),
    ch("40", "Rubber and articles thereof", "橡胶及其制品"),
    ch("41", "Raw hides and skins and leather", "生皮及皮革"),
    ch(
        "42",
        "Articles of leather; handbags; travel goods",
        "皮革制品；箱包",
    ),
    ch("43", "Furskins and artificial fur", "毛皮及人造毛皮"),
    ch("44", "Wood and articles of wood", "木及木制品"),
    ch("45", "Cork and articles of cork", "软木及软木制品"),
    ch(
        "46",
        "Manufactures of straw; basketware",
        "编结材料制品；篮筐",
    ),
    ch("47", "Pulp of wood", "木浆"),
    ch("48", "Paper and paperboard", "纸及纸板"),
    ch("49", "Printed books, newspapers", "书籍、报纸、印刷品"),
    ch("50", "Silk", "蚕丝"),
    ch("51", "Wool and animal hair", "羊毛、动物毛"),
    ch("52", "Cotton", "棉花"),
    ch("53", "Other vegetable textile fibres", "其他植物纺织纤维"),
    ch("54", "Man-made filaments", "化学纤维长丝"),
    ch("55", "Man-made staple fibres", "化学纤维短纤"),
    ch("56", "Wadding, felt, twine, ropes", "絮胎、毡呢、线绳"),
    ch("57", "Carpets and textile floor coverings", "地毯"),
    ch("58", "Special woven fabrics; lace", "特种机织物；花边"),
    ch(
        "59",
        "Coated or laminated textile fabrics",
        "浸渍、涂布的纺织物",
    ),
    ch("60", "Knitted or crocheted fabrics", "针织物及钩编织物"),
    ch("61", "Apparel, knitted or crocheted", "针织或钩编的服装"),
    ch("62", "Apparel, not knitted", "非针织或非钩编的服装"),
    ch("63", "Other made-up textile articles", "其他纺织制成品"),
    ch("64", "Footwear", "鞋靴"),
    ch("65", "Headgear", "帽类"),
    ch("66", "Umbrellas, walking sticks", "雨伞、手杖"),
    ch(
        "67",
        "Prepared feathers; artificial flowers",
        "羽毛制品；人造花",
    ),
    ch(
        "68",
        "Articles of stone, plaster, cement",
        "石料、石膏、水泥制品",
    ),
    ch("69", "Ceramic products", "陶瓷产品"),
    ch("70", "Glass and glassware", "玻璃及其制品"),
    ch(
        "71",
        "Pearls, precious stones and metals; jewellery",
        "珠宝、贵金属及首饰",
    ),
    ch("72", "Iron and steel", "钢铁"),
    ch("73", "Articles of iron or steel", "钢铁制品"),
    ch("74", "Copper and articles thereof", "铜及其制品"),
    ch("75", "Nickel and articles thereof", "镍及其制品"),
    ch("76", "Aluminium and articles thereof", "铝及其制品"),
    ch("78", "Lead and articles thereof", "铅及其制品"),
    ch("79", "Zinc and articles thereof", "锌及其制品"),
    ch("80", "Tin and articles thereof", "锡及其制品"),
    ch("81", "Other base metals; cermets", "其他贱金属；金属陶瓷"),
    ch(
        "82",
        "Tools, implements, cutlery of base metal",
        "贱金属工具、器具",
    ),
    ch(
        "83",
        "Miscellaneous articles of base metal",
        "贱金属杂项制品",
    ),
    ch(
        "84",
        "Nuclear reactors, boilers, machinery",
        "核反应堆、锅炉、机器、机械器具",
    ),
    ch(
        "85",
        "Electrical machinery and equipment",
        "电机、电气设备及其零件",
    ),
    ch("86", "Railway locomotives and rolling stock", "铁道车辆"),
    ch("87", "Vehicles other than railway", "车辆及其零件"),
    ch("88", "Aircraft, spacecraft", "航空器、航天器"),
    ch(
        "89",
        "Ships, boats and floating structures",
        "船舶及浮动结构体",
    ),
    ch(
        "90",
        "Optical, medical and precision instruments",
        "光学、医疗、精密仪器",
    ),
    ch("91", "Clocks and watches", "钟表"),
    ch("92", "Musical instruments", "乐器"),
    ch("93", "Arms and ammunition", "武器、弹药"),
    ch(
        "94",
        "Furniture; bedding; lamps; prefabricated buildings",
        "家具；寝具；灯具；活动房屋",
    ),
    ch(
        "95",
        "Toys, games and sports requisites",
        "玩具、游戏品、运动用品",
    ),
    ch("96", "Miscellaneous manufactured articles", "杂项制品"),
    ch("97", "Works of art and antiques", "艺术品、收藏品及古物"),
];
