// SPDX-License-Identifier: GPL-2.0-only
// An ExpressRoute gateway's instances in both engines: each polices its share of the SKU for
// the flows its 5-tuple hash gives it, constant-rate senders are not phase-locked at it, and
// the flow engine feeds gateways.csv as the packet path does.
#include "expressroute-csv-reader.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
ExampleJson(const std::string& name)
{
    std::ifstream in(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/" + name + ".json");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct EngineRun
{
    std::map<std::string, double> rxBytes; ///< per flow
    CsvTable gateways;
};

} // namespace

class GatewayInstanceTest : public test::SimulatorTest
{
  protected:
    EngineRun RunEngine(const std::string& json, const std::string& engine)
    {
        const test::TempDir dir("gw-instances");
        RunOptions options;
        options.engine = engine;
        options.outDir = dir.Path() + "/run";
        const RunResult r = RunScenario(LoadText(json), options, m_geography, m_backbone);
        Config::Reset();
        EngineRun out{{}, CsvTable::Read(options.outDir + "/gateways.csv")};
        for (const auto& f : r.flows)
        {
            out.rxBytes[f.flow] = static_cast<double>(f.rxBytes);
        }
        return out;
    }
};

// gateway-bottleneck: 16 UDP flows of 100 Mbit/s into an ErGw1Az (1 Gbit/s, 2 instances of
// 500 Mbit/s). The hash puts 6 flows on one instance (each keeps about 83 of its 102 Mbit/s on
// the wire) and 10 on the other (about 49): the flow engine gives each flow its instance's
// share, and so do the packet engine's jittered senders (with OnOffApplication's exact
// intervals the same 16 flows lost from 0 % to 94 % each).
TEST_F(GatewayInstanceTest, PolicedUdpFlowsKeepTheirInstancesShareInBothEngines)
{
    const std::string json = ExampleJson("gateway-bottleneck");
    const EngineRun packet = RunEngine(json, "packet");
    const EngineRun flow = RunEngine(json, "flow");
    std::vector<double> shares;
    for (const auto& [name, bytes] : packet.rxBytes)
    {
        if (name.rfind("app-ergw1az-", 0) != 0)
        {
            continue;
        }
        const double f = flow.rxBytes.at(name);
        EXPECT_NEAR(f, bytes, 0.05 * bytes) << name << ": within 5 % of the packet engine";
        shares.push_back(f / 12.5e6);
    }
    ASSERT_EQ(shares.size(), 16u);
    // Two groups: the two instances' shares.
    std::sort(shares.begin(), shares.end());
    EXPECT_NEAR(shares.front(), 0.49, 0.03) << "the 10 flows of the busier instance";
    EXPECT_NEAR(shares.back(), 0.82, 0.03) << "the 6 flows of the other";
    EXPECT_EQ(std::count_if(shares.begin(), shares.end(), [](double s) { return s > 0.7; }), 6);

    // gateways.csv: the same forwarded and dropped rates from both engines.
    ASSERT_EQ(packet.gateways.Rows(), flow.gateways.Rows());
    for (std::size_t row = 0; row < flow.gateways.Rows(); ++row)
    {
        if (flow.gateways.Get(row, "vnet") == "app-ergw1az")
        {
            const double to = flow.gateways.GetDouble(row, "bits_to_vnet_per_second");
            EXPECT_NEAR(to, 1e9, 1e6) << "the flow engine forwards the SKU's 1 Gbit/s";
            EXPECT_NEAR(to, packet.gateways.GetDouble(row, "bits_to_vnet_per_second"), 0.03e9);
            for (const char* column : {"packets_per_second", "dropped_packets_per_second"})
            {
                const double p = packet.gateways.GetDouble(row, column);
                EXPECT_NEAR(flow.gateways.GetDouble(row, column), p, 0.05 * p) << column;
            }
        }
        else
        {
            const double bypass = flow.gateways.GetDouble(row, "fastpath_bits_per_second");
            EXPECT_NEAR(bypass, 16 * 102e6, 1e6) << "FastPath: 16 x 102 Mbit/s of IP";
            EXPECT_NEAR(bypass, packet.gateways.GetDouble(row, "fastpath_bits_per_second"),
                        0.02 * bypass);
        }
    }
}

// One instance of the ErGw1Az out of service at 0.3 s: its flows are lost for RepinDelay (1 s),
// then move to the other instance, which polices all 16 at its 500 Mbit/s. In the flow engine
// as in the packet engine.
TEST_F(GatewayInstanceTest, FlowsOfAFailedInstanceAreLostThenMoveInBothEngines)
{
    auto j = nlohmann::json::parse(ExampleJson("gateway-bottleneck"));
    j["simulation"]["duration"] = "2s";
    auto& traffic = j["traffic"];
    traffic.erase(std::remove_if(traffic.begin(), traffic.end(),
                                 [](const nlohmann::json& t) {
                                     return t["to"] != "app-ergw1az";
                                 }),
                  traffic.end());
    j["failures"] = nlohmann::json::array(
        {{{"kind", "GatewayInstanceFailure"}, {"target", "app-ergw1az"}, {"start", "300ms"},
          {"instance", 0}}});
    const EngineRun packet = RunEngine(j.dump(), "packet");
    const EngineRun flow = RunEngine(j.dump(), "flow");
    double packetTotal = 0;
    double flowTotal = 0;
    for (const auto& [name, bytes] : packet.rxBytes)
    {
        if (name.rfind("app-ergw1az-", 0) == 0)
        {
            packetTotal += bytes;
            flowTotal += flow.rxBytes.at(name);
            EXPECT_NEAR(flow.rxBytes.at(name), bytes, 0.08 * bytes) << name;
        }
    }
    // 0.3 s at 1 Gbit/s, then one instance's 500 Mbit/s for 1.7 s, of UDP payload 1400/1428.
    const double expected = (0.3 * 1e9 + 1.7 * 0.5e9) / 8 * 1400 / 1428;
    EXPECT_NEAR(flowTotal, expected, 0.01 * expected);
    EXPECT_NEAR(packetTotal, expected, 0.03 * expected);
    // gateways.csv (500 ms intervals): one instance up after the failure.
    for (const auto* table : {&packet.gateways, &flow.gateways})
    {
        for (std::size_t row = 0; row < table->Rows(); ++row)
        {
            if (table->Get(row, "vnet") == "app-ergw1az" &&
                table->GetDouble(row, "interval_start_s") >= 1.0)
            {
                EXPECT_EQ(table->Get(row, "instances_up"), "1");
                EXPECT_NEAR(table->GetDouble(row, "bits_to_vnet_per_second"), 0.5e9, 0.03e9);
            }
        }
    }
}
