// SPDX-License-Identifier: GPL-2.0-only
// The customer's path control on a peering (references.md §3, "Path control"): an AS-path
// prepend towards the MSEEs makes Azure prefer the other circuit, a LOCAL_PREF on what the
// MSEEs advertise makes the site prefer this one. On what-if-amsterdam's headquarters, with a
// circuit at Amsterdam and one at London to the same hub, which share the load by default.
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <utility>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

class PathControlTest : public test::SimulatorTest
{
  protected:
    /// Mbit/s into Azure and out of it per circuit, summed over both links, 2 s - 4 s.
    std::map<std::string, std::pair<double, double>> Run(const nlohmann::json& edit)
    {
        std::ifstream in(std::string(EXPRESSROUTE_SOURCE_DIR) +
                         "/examples/scenarios/what-if-amsterdam.json");
        auto j = nlohmann::json::parse(in);
        j.erase("failures");
        j["simulation"]["duration"] = "4s";
        // Eight flows each way, 2.5 Mbit/s each: ECMP spreads flows, not packets.
        j["traffic"] = nlohmann::json::array();
        for (int i = 0; i < 8; ++i)
        {
            for (const auto& [from, to] : {std::pair{"contoso-hq", "hub-weu"},
                                           std::pair{"hub-weu", "contoso-hq"}})
            {
                j["traffic"].push_back({{"name", std::string(from) + std::to_string(i)},
                                        {"from", from}, {"to", to}, {"kind", "ConstantRate"},
                                        {"rate", "2.5Mbps"}, {"start", "1s"}});
            }
        }
        for (auto& c : j["circuits"])
        {
            if (edit.contains(c["name"].get<std::string>()))
            {
                c["peerings"][0].update(edit[c["name"].get<std::string>()]);
            }
        }
        RunOptions options;
        options.engine = "flow";
        options.writeOutputs = false;
        options.keepLinkSamples = true;
        const RunResult r =
            RunScenario(LoadScenarioString(j.dump(), "pc.json", m_geography), options, m_geography,
                        m_backbone);
        Config::Reset();
        std::map<std::string, std::pair<double, double>> out;
        for (const auto& s : r.linkSamples)
        {
            if (s.start >= Seconds(2) && s.end <= Seconds(4))
            {
                out[s.circuit].first += s.bitsIn / 2e6;
                out[s.circuit].second += s.bitsOut / 2e6;
            }
        }
        return out;
    }
};

TEST_F(PathControlTest, APrependSendsAzuresTrafficToTheOtherCircuit)
{
    const auto plain = Run(nlohmann::json::object());
    EXPECT_GT(plain.at("er-lon").second, 2.0) << "by default both circuits carry some of Azure's 20 Mbit/s";
    EXPECT_GT(plain.at("er-ams").second, 2.0);
    const auto prepended = Run({{"er-lon", {{"prepend", 3}}}});
    EXPECT_NEAR(prepended.at("er-ams").second, 20.0, 1.0);
    EXPECT_LT(prepended.at("er-lon").second, 0.1) << "London is passive towards the site";
    EXPECT_GT(prepended.at("er-lon").first, 2.0) << "the site's own traffic still uses both";
}

TEST_F(PathControlTest, ALocalPreferenceSendsTheSitesTrafficToThisCircuit)
{
    const auto preferred = Run({{"er-ams", {{"localPreference", 200}}}});
    EXPECT_NEAR(preferred.at("er-ams").first, 20.0, 1.0);
    EXPECT_LT(preferred.at("er-lon").first, 0.1) << "London is passive towards Azure";
    EXPECT_GT(preferred.at("er-lon").second, 2.0) << "Azure's traffic still uses both";
}

TEST_F(PathControlTest, OutOfRangeValuesAreRefusedAtTheirPath)
{
    std::ifstream in(std::string(EXPRESSROUTE_SOURCE_DIR) +
                     "/examples/scenarios/what-if-amsterdam.json");
    auto j = nlohmann::json::parse(in);
    j["circuits"][0]["peerings"][0]["prepend"] = 17;
    try
    {
        LoadScenarioString(j.dump(), "pc.json", m_geography);
        FAIL() << "prepend 17 accepted";
    }
    catch (const ScenarioLoadError& e)
    {
        EXPECT_NE(std::string(e.what()).find("/circuits/0/peerings/0/prepend"), std::string::npos)
            << e.what();
    }
}

} // namespace
