// SPDX-License-Identifier: GPL-2.0-only
// A CE router of a two-CE site fails (CeFailure): the site's host follows BFD on its uplinks
// (expressroute-bfd-tracked-route.h) and the MSEEs follow BFD on the circuit link, so the site
// is back on the other CE within BFD's detection time, in both engines, instead of losing the
// flows its default route hashed to the dead router for as long as it is down.
#include "expressroute-failure-summary.h"
#include "expressroute-fib-routing.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"

#include "ns3/ipv4.h"

#include <nlohmann/json.hpp>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// Site hq in Frankfurt with two CE routers (c1's primary link on ce1, its secondary on ce2),
/// VNet v1 in Germany West Central, probes every 100 ms, @p ce failing from 3 s for 6 s.
std::string
TwoCeScenario(const std::string& ce)
{
    nlohmann::json j = {
        {"name", "ce-failure"},
        {"sites",
         {{{"name", "hq"}, {"location", "Frankfurt"}, {"asn", 65010},
           {"prefixes", {"10.10.0.0/16"}}, {"ceRouters", 2}}}},
        {"providers", {{{"name", "prov"}, {"kind", "CloudExchange"}}}},
        {"circuits",
         {{{"name", "c1"}, {"site", "hq"}, {"provider", "prov"}, {"peeringLocation", "Frankfurt"},
           {"tier", "Standard"}, {"bandwidth", "1Gbps"},
           {"peerings", {{{"type", "AzurePrivate"}, {"subnet", "192.168.10.0/29"}, {"vlan", 100}}}},
           {"vnetLinks", {{{"vnet", "v1"}}}}}}},
        {"vnets",
         {{{"name", "v1"}, {"region", "Germany West Central"}, {"addressSpace", {"10.1.0.0/16"}},
           {"gateway", {{"sku", "ErGw1Az"}}}}}},
        {"probes", {{{"name", "p1"}, {"site", "hq"}, {"vnet", "v1"}, {"interval", "100ms"}}}},
        {"failures",
         {{{"kind", "CeFailure"}, {"target", "hq/" + ce}, {"start", "3s"}, {"duration", "6s"}}}}};
    return j.dump();
}

} // namespace

using CeFailureTest = test::SimulatorTest;

TEST_F(CeFailureTest, TheSiteMovesToTheOtherCeWithinBfdDetectionInBothEngines)
{
    for (const std::string engine : {"packet", "flow"})
    {
        uint32_t lostOverAll = 0;
        for (const std::string ce : {"ce1", "ce2"})
        {
            SCOPED_TRACE(engine + " " + ce);
            RunOptions options;
            options.duration = Seconds(14);
            options.writeOutputs = false;
            options.engine = engine;
            const RunResult r = RunScenario(LoadScenarioString(TwoCeScenario(ce), "ce.json", m_geography),
                                            options,
                                            m_geography,
                                            m_backbone);
            Config::Reset();
            ASSERT_EQ(r.failures.size(), 1u);
            ASSERT_EQ(r.pairs.size(), 1u);
            const auto& f = r.failures[0];
            RecordProperty(engine + "_" + ce + "_outage_s", std::to_string(r.pairs[0].longestOutageS));
            // Host and MSEE each find out by BFD, 300 ms x 3 (0.6-0.9 s after the last packet
            // heard); a static ECMP default route would lose p1 for the whole 6 s whenever its
            // hash picked the failed CE.
            EXPECT_LE(r.pairs[0].longestOutageS, 1.2);
            EXPECT_LE(r.pairs[0].probesLost, 11u);
            EXPECT_EQ(f.detectedBy.rfind("BFD at site/hq/", 0), 0u) << f.detectedBy;
            EXPECT_EQ(f.detectedBy.find("site/hq/" + ce + " "), std::string::npos)
                << "a dead router detects nothing: " << f.detectedBy;
            lostOverAll += r.pairs[0].probesLost;
        }
        // One of the two CEs carries p1 (the host sends a destination's UDP over one uplink):
        // its failure costs probes, so the bound above is not met by a failure off the path.
        EXPECT_GE(lostOverAll, 3u) << engine;
    }
}

// Signalled: the uplink and the circuit link of the dead CE go down, and everything moves at
// once. A TCP transfer that started through it keeps its source address, the host's address on
// the dead uplink: the other CE delivers it over its own uplink and the host still takes it as
// its own (FibRouting::KeepAddressesWhenDown), instead of sending it back until its TTL runs out.
TEST_F(CeFailureTest, ASignalledFailureMovesATcpTransferAtOnceKeepingItsAddress)
{
    // The transfer: 20 MB from 2 s, over the circuit's 50 Mbps links (3.2 s on one).
    auto run = [this](const std::string& ce, bool fail) {
        auto j = nlohmann::json::parse(TwoCeScenario(ce));
        j["circuits"][0]["bandwidth"] = "50Mbps";
        j["failures"][0]["mode"] = "Signalled";
        if (!fail)
        {
            j.erase("failures");
        }
        j["traffic"] = {{{"name", "copy"}, {"from", "hq"}, {"to", "v1"}, {"kind", "Bulk"},
                         {"bytes", 20000000}, {"start", "2s"}}};
        RunOptions options;
        options.duration = Seconds(14);
        options.writeOutputs = false;
        const RunResult r = RunScenario(LoadScenarioString(j.dump(), "ce.json", m_geography),
                                        options,
                                        m_geography,
                                        m_backbone);
        Config::Reset();
        EXPECT_EQ(r.flows.at(0).rxBytes, 20000000u);
        return r.flows.at(0).lastRx.value_or(Seconds(99)).GetSeconds();
    };
    const double unfailed = run("ce1", false);
    for (const std::string ce : {"ce1", "ce2"})
    {
        const double done = run(ce, true);
        RecordProperty(ce + "_copy_done_s", std::to_string(done));
        // Held until the CE is back at 9 s (or lost to a loop) it would end after that.
        EXPECT_LT(done, unfailed + 1.0) << ce << ": the transfer ends at " << done
                                        << " s, without the failure at " << unfailed << " s";
    }
}

TEST_F(CeFailureTest, UnknownCeRoutersAreRefusedNamingTheSite)
{
    auto refuse = [this](const std::string& target) {
        auto j = nlohmann::json::parse(TwoCeScenario("ce1"));
        j["failures"][0]["target"] = target;
        try
        {
            LoadScenarioString(j.dump(), "ce.json", m_geography);
        }
        catch (const ScenarioLoadError& e)
        {
            return std::string(e.what());
        }
        return std::string("loaded");
    };
    EXPECT_NE(refuse("hq/ce3").find("/failures/0/target: site 'hq' has 2 CE router(s): no 'ce3' (ce1 or ce2)"),
              std::string::npos)
        << refuse("hq/ce3");
    EXPECT_NE(refuse("branch/ce1").find("/failures/0/target: no site 'branch' in the scenario (sites: hq)"),
              std::string::npos)
        << refuse("branch/ce1");
    EXPECT_NE(refuse("hq").find("expected a site's CE router (<site>/ce<N>), got 'hq'"), std::string::npos)
        << refuse("hq");
}
