// SPDX-License-Identifier: GPL-2.0-only
// Bad input found by the input audit: each value the scenario loader used to let through to a
// crash (a null Ptr, an ns-3 abort) is now refused with the JSON path that holds it. The
// scenarios are the shipped examples with one value changed.

#include "expressroute-scenario-test-util.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace ns3
{
namespace expressroute
{
namespace test
{
namespace
{

/// examples/scenarios/@p name as JSON.
nlohmann::ordered_json
Example(const std::string& name)
{
    std::ifstream in(EXPRESSROUTE_SOURCE_DIR "/examples/scenarios/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::ordered_json::parse(text.str());
}

/// The errors of loading example @p name with the value at JSON pointer @p pointer replaced.
std::vector<ScenarioError>
ErrorsWith(const std::string& name, const std::string& pointer, const nlohmann::ordered_json& value)
{
    auto doc = Example(name);
    doc[nlohmann::ordered_json::json_pointer(pointer)] = value;
    return TextErrors(doc.dump());
}

TEST(BadInput, AnEmptyNameInAReferenceListIsRefusedWhereItIs)
{
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/globalReach/0/circuits/0", ""),
                          {{"/globalReach/0/circuits/0", {"a name must be 1 to 100 characters"}}}));
    EXPECT_TRUE(ErrorsAre(ErrorsWith("chicago-dallas-wan.json", "/siteLinks/0/sites/1", ""),
                          {{"/siteLinks/0/sites/1", {"a name must be 1 to 100 characters"}}}));
}

} // namespace
} // namespace test
} // namespace expressroute
} // namespace ns3
