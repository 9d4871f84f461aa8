// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_IMPORT_TEST_UTIL_H
#define EXPRESSROUTE_IMPORT_TEST_UTIL_H

// What the importer's tests share: the fixtures' folder, reading a file, the geography, an
// import of the edited ARM fixture, an import's messages as printed (and, from
// expressroute-test-programs.h, running a program).

#include "expressroute-azure-import.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-test-paths.h"
#include "expressroute-test-programs.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{
namespace test
{

/// The importer's fixtures.
inline const std::string kImportData = EXPRESSROUTE_SOURCE_DIR + "/test/data/import/";

inline std::string
ReadText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The repository's regions and peering locations, read once.
inline Ptr<Geography>
Places()
{
    static Ptr<Geography> g = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    return g;
}

/// An import's messages as the program prints them.
inline std::vector<std::string>
Lines(const ImportResult& r)
{
    std::vector<std::string> out;
    for (const auto& m : r.messages)
    {
        out.push_back(m.ToString());
    }
    return out;
}

/// Imports the ARM fixture after @p edit changed it, with sites file @p sites (text, may be
/// empty) named @p sitesSource.
inline ImportResult
ImportEditedArm(const std::function<void(nlohmann::json&)>& edit,
                const std::string& sites,
                const std::string& sitesSource)
{
    nlohmann::json arm = nlohmann::json::parse(ReadText(kImportData + "contoso-arm-export.json"));
    edit(arm);
    std::vector<ImportMessage> messages;
    const auto estate = ReadArmTemplate(arm.dump(), "export.json", messages);
    return BuildScenarioFromEstate(estate, "contoso", sites, sitesSource, Places(), messages);
}

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_IMPORT_TEST_UTIL_H
