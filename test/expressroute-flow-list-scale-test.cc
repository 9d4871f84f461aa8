// SPDX-License-Identifier: GPL-2.0-only
// Flow lists of 10^5 rows run in the packet engine (one shared receiver per host and protocol,
// senders created when their flow starts), and what ns-3 cannot hold is a clear error before
// the run, never an abort.
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

class FlowListScaleTest : public test::SimulatorTest
{
  protected:
    /// A one-site scenario whose traffic is the flow list @p csv, written beside it.
    Scenario Load(const std::string& csv, const std::string& duration)
    {
        std::ofstream(m_dir / "flows.csv") << csv;
        std::ofstream(m_dir / "s.json") << R"({
  "name": "flows",
  "simulation": {"duration": ")" + duration + R"("},
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": "Frankfurt",
    "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100}],
    "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"],
    "gateway": {"sku": "ErGw1Az"}}],
  "traffic": [{"name": "list", "kind": "FlowList", "file": "flows.csv"}]
})";
        return LoadScenarioFile((m_dir / "s.json").string(), m_geography);
    }

    test::TempDir m_tmp{"flowlist"};
    std::filesystem::path m_dir{m_tmp.Path()};
};

} // namespace

// 100,000 transfers spread over a day, of which the first 10 s are simulated: the ones that
// start then are delivered whole, every row has its line in flows.csv.
TEST_F(FlowListScaleTest, HundredThousandRowsLoadAndTheirEarlyFlowsComplete)
{
    std::string csv = "start,source,destination,bytes,protocol\n";
    for (int i = 0; i < 100000; ++i)
    {
        // One flow every 0.864 s, alternating direction and protocol.
        csv += std::to_string(i * 0.864) + (i % 2 ? ",hq,v1," : ",v1,hq,") + "50000" +
               (i % 3 ? ",tcp\n" : ",udp\n");
    }
    RunOptions options;
    options.outDir = (m_dir / "run").string();
    const RunResult r = RunScenario(Load(csv, "10s"), options, m_geography, m_backbone);
    ASSERT_EQ(r.flows.size(), 100000u);
    std::size_t started = 0;
    for (const auto& f : r.flows)
    {
        if (f.start + Seconds(2) < Seconds(10))
        {
            ++started;
            // TCP delivers the row's bytes; UDP what it sent in the row's time at 1 Mbps:
            // whole 1,200-byte packets, 41 or 42 of them (49,200 or 50,400 bytes) as the
            // sender's jittered gaps (ConstantRateSender) fall.
            if (f.protocol == "tcp")
            {
                EXPECT_EQ(f.rxBytes, 50000u) << f.flow << " at " << f.start.GetSeconds();
            }
            else
            {
                EXPECT_TRUE(f.rxBytes == 49200u || f.rxBytes == 50400u)
                    << f.flow << " from " << f.from << " at " << f.start.GetSeconds() << ": "
                    << f.rxBytes;
            }
            EXPECT_EQ(f.rxBytes, f.txBytes) << f.flow;
            EXPECT_FALSE(f.path.empty()) << f.flow;
        }
        else if (f.start >= Seconds(10))
        {
            EXPECT_EQ(f.txBytes, 0u) << f.flow << " starts after the run";
        }
    }
    EXPECT_EQ(started, 10u) << "flows starting before 8 s (0, 0.864, ... 7.776 s)";
}

// More flows open at once from one host than ns-3 has ephemeral ports: refused before the run,
// naming the traffic entry and the time.
TEST_F(FlowListScaleTest, MoreConcurrentFlowsThanEphemeralPortsIsAnErrorBeforeTheRun)
{
    std::string csv = "start,source,destination,bytes,protocol,rate\n";
    for (int i = 0; i < 16385; ++i)
    {
        csv += "1s,hq,v1,100000000,udp,1kbps\n"; // each lasts longer than the run
    }
    RunOptions options;
    options.outDir = (m_dir / "run").string();
    try
    {
        RunScenario(Load(csv, "5s"), options, m_geography, m_backbone);
        FAIL() << "expected a ScenarioLoadError";
    }
    catch (const ScenarioLoadError& e)
    {
        const std::string what = e.what();
        EXPECT_NE(what.find("/traffic/0"), std::string::npos) << what;
        EXPECT_NE(what.find("more than 16384 flows from 'hq' would be open at once at 1s"),
                  std::string::npos)
            << what;
    }
}

// A start that std::stod would take but is no number of seconds (inf, an exponent, hex), or one
// beyond what ns-3's time holds, is refused with its file, line and column; so is a row from an
// endpoint to itself.
TEST_F(FlowListScaleTest, MalformedStartsAndLoopsAreRefusedWithTheirLine)
{
    for (const char* start : {"inf", "1e300", "9.3e9", "0x10", "9300000000"})
    {
        try
        {
            Load(std::string("start,source,destination,bytes,protocol\n1,hq,v1,1000,tcp\n") +
                     start + ",hq,v1,1000,tcp\n",
                 "10s");
            FAIL() << start << ": expected a ScenarioLoadError";
        }
        catch (const ScenarioLoadError& e)
        {
            const std::string what = e.what();
            EXPECT_NE(what.find("flows.csv:3: start '" + std::string(start) +
                                "' is not a duration"),
                      std::string::npos)
                << what;
        }
    }
    const auto ok = Load("start,source,destination,bytes,protocol\n12.5,hq,v1,1000,tcp\n", "10s");
    ASSERT_EQ(ok.traffic.size(), 1u);
    EXPECT_EQ(ok.traffic[0].start, MilliSeconds(12500));
    try
    {
        Load("start,source,destination,bytes,protocol\n1,hq,v1,1000,tcp\n2,hq,hq,1000,tcp\n", "10s");
        FAIL() << "expected a ScenarioLoadError";
    }
    catch (const ScenarioLoadError& e)
    {
        const std::string what = e.what();
        EXPECT_NE(what.find("flows.csv:3: source and destination name the same endpoint 'hq'"),
                  std::string::npos)
            << what;
        EXPECT_EQ(what.find("/traffic/0/to"), std::string::npos) << what;
    }
}
