// The ICAO 9303 Part 3 code list, kept as sorted tables so that a lookup is a binary search.
#include "ocr/CountryCodes.h"

#include <algorithm>
#include <array>
#include <string>

namespace dossier {

namespace {

// ISO 3166-1 alpha-3 (iso-codes 2023), except DEU: ICAO writes Germany as "D".
constexpr std::array kIsoAlpha3 = {
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DJI", "DMA", "DNK", "DOM", "DZA", "ECU",
    "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB",
    "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL",
    "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN", "IND",
    "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN",
    "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA",
    "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL",
    "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI",
    "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL", "NRU",
    "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT",
    "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP", "SGS",
    "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR", "SVK",
    "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM",
    "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA",
    "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB",
    "ZWE",
};

// Codes ICAO adds for Germany, British nationality categories, the UN, stateless persons, refugees
// and organisations that issue travel documents.
constexpr std::array kIcaoSpecial = {
    "D",    // Germany
    "EUE",  // European Union
    "GBD",  // British Overseas Territories Citizen
    "GBN",  // British National (Overseas)
    "GBO",  // British Overseas Citizen
    "GBP",  // British Protected Person
    "GBS",  // British Subject
    "UNA",  // specialized agency of the United Nations
    "UNK",  // resident of Kosovo, document issued by UNMIK
    "UNO",  // United Nations Organization
    "XBA",  // African Development Bank
    "XCC",  // Caribbean Community
    "XCE",  // Council of Europe
    "XCO",  // Common Market for Eastern and Southern Africa
    "XDC",  // Southern African Development Community
    "XEC",  // Economic Community of West African States
    "XES",  // Organisation of Eastern Caribbean States
    "XIM",  // African Export-Import Bank
    "XMP",  // Parliamentary Assembly of the Mediterranean
    "XOM",  // Sovereign Military Order of Malta
    "XPO",  // INTERPOL
    "XXA",  // stateless person
    "XXB",  // refugee (1951 Convention)
    "XXC",  // refugee (other)
    "XXX",  // unspecified nationality
};

bool Contains(const auto& table, std::string_view code) {
    return std::any_of(table.begin(), table.end(),
                       [&](const char* entry) { return code == entry; });
}

}  // namespace

bool IsIcaoCountryCode(std::string_view code) {
    // Fillers pad short codes ("D<<"); strip them, but a filler inside a code is wrong.
    while (!code.empty() && code.back() == '<') code.remove_suffix(1);
    if (code.empty() || code.size() > 3) return false;
    if (code.find('<') != std::string_view::npos) return false;
    auto less = [](const char* a, std::string_view b) { return std::string_view(a) < b; };
    auto it = std::lower_bound(kIsoAlpha3.begin(), kIsoAlpha3.end(), code, less);
    if (it != kIsoAlpha3.end() && code == *it) return true;
    return Contains(kIcaoSpecial, code);
}

}  // namespace dossier
