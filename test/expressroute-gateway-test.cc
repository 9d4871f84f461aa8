// SPDX-License-Identifier: GPL-2.0-only
// The ExpressRoute gateway's data path (issue: what-if engine, capacity): the SKU caps
// throughput without burst, FastPath bypasses it, and an instance out of service takes its share
// of the capacity away. 1.6 Gbit/s of UDP (16 flows, pinned to the instances by their
// 5-tuple) from a site over a 10 Gbps circuit to one VNet.
#include "expressroute-failure-installer.h"
#include "expressroute-failure.h"
#include "expressroute-run-recorder.h"
#include "expressroute-test-fixture.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/simulator.h"

#include <memory>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
GatewayScenario(const std::string& gateway, const std::string& failures = "")
{
    std::string flows;
    for (int i = 0; i < 16; ++i)
    {
        flows += (i ? "," : "") + std::string(R"({"name": "f)") + std::to_string(i) +
                 R"(", "from": "hq", "to": "v1", "kind": "ConstantRate", "rate": "100Mbps", "packetSize": 1400})";
    }
    return R"({
  "name": "gateway",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": "Frankfurt", "tier": "Standard", "bandwidth": "10Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100}], "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": )" +
           gateway + R"(}],
  "traffic": [)" + flows + R"(],
  "failures": [)" + failures + R"(]
})";
}

class GatewayTest : public test::ScenarioRunTest
{
  protected:
    /// Runs 0.6 s of scenario time; returns the UDP payload received, bit/s.
    double Run(const std::string& json)
    {
        test::RunSpec spec;
        spec.duration = Seconds(0.6);
        spec.drain = Seconds(0.2);
        spec.assignStreams = false;
        spec.controlPlane = false;
        spec.gateways = MilliSeconds(300);
        RunFor(json, spec);
        uint64_t rx = 0;
        for (const auto& f : m_recorder->GetFlows())
        {
            rx += f.rxBytes;
        }
        return 8.0 * static_cast<double>(rx) / 0.6;
    }
};

} // namespace

TEST_F(GatewayTest, ErGw1AzCapsTheVnetAtOneGigabit)
{
    const double bps = Run(GatewayScenario(R"({"sku": "ErGw1Az"})"));
    RecordProperty("received_bps", std::to_string(bps));
    // 1 Gbit/s of IP packets carries 1400/1428 of it as UDP payload: 0.98 Gbit/s.
    EXPECT_NEAR(bps / 1e9, 0.98, 0.03) << "of the 1.6 Gbit/s offered";
    const auto& samples = m_recorder->GetGatewaySamples();
    ASSERT_EQ(samples.size(), 2u);
    EXPECT_EQ(samples[1].sku, "ErGw1Az");
    EXPECT_EQ(samples[1].routesLearnedSupported, 4000u) << "GWPERF's routes learned for the SKU";
    EXPECT_GT(samples[1].droppedPackets, 10000u) << "the excess is dropped at the gateway";
    EXPECT_EQ(samples[1].instancesUp, 2u);
    EXPECT_NEAR(samples[1].bitsToVnet / 0.3 / 1e9, 1.0, 0.03);
}

TEST_F(GatewayTest, FastPathBypassesTheGateway)
{
    const double bps = Run(GatewayScenario(R"({"sku": "ErGw3Az", "fastPath": true})"));
    RecordProperty("received_bps", std::to_string(bps));
    EXPECT_NEAR(bps / 1e9, 1.6, 0.03) << "everything offered arrives";
    const auto& samples = m_recorder->GetGatewaySamples();
    ASSERT_EQ(samples.size(), 2u);
    EXPECT_EQ(samples[1].bitsToVnet, 0u) << "nothing crossed the data path towards the VNet";
    EXPECT_NEAR(samples[1].bypassedBits / 0.3 / 1e9, 1.63, 0.05) << "1.6 Gbit/s of payload";
}

TEST_F(GatewayTest, InstanceFailureHalvesTheCapacity)
{
    const double bps = Run(GatewayScenario(
        R"({"sku": "ErGw1Az"})",
        R"({"kind": "GatewayInstanceFailure", "target": "v1", "start": "310ms"})"));
    RecordProperty("received_bps", std::to_string(bps));
    const auto& samples = m_recorder->GetGatewaySamples();
    ASSERT_EQ(samples.size(), 2u);
    EXPECT_EQ(samples[0].instancesUp, 2u);
    EXPECT_EQ(samples[1].instancesUp, 1u);
    EXPECT_NEAR(samples[0].bitsToVnet / 0.3 / 1e9, 1.0, 0.03);
    // From 0.31 s one instance of two: 0.01 s at 1 Gbit/s, 0.29 s at 0.5 Gbit/s.
    EXPECT_NEAR(samples[1].bitsToVnet / 0.3 / 1e9, 0.517, 0.03) << "one instance of two";
}

TEST_F(GatewayTest, CircuitCarriesTwiceItsBandwidthOnlyWhileBothLinksAreUp)
{
    // A 1 Gbps circuit (each link at the purchased bandwidth, references.md §1, §3) in front of an
    // ErGw3Az gateway (10 Gbps): 1.6 Gbit/s over both links, 1 Gbit/s over one.
    auto circuit1G = [](std::string json) {
        json.replace(json.find(R"("bandwidth": "10Gbps")"), 21, R"("bandwidth": "1Gbps")");
        return json;
    };
    const double both = Run(circuit1G(GatewayScenario(R"({"sku": "ErGw3Az"})")));
    Simulator::Destroy();
    const double one = Run(circuit1G(GatewayScenario(
        R"({"sku": "ErGw3Az"})",
        R"({"kind": "LinkFailure", "target": "c1/secondary", "start": "0s", "mode": "Signalled"})")));
    RecordProperty("both_links_bps", std::to_string(both));
    RecordProperty("one_link_bps", std::to_string(one));
    EXPECT_NEAR(both / 1e9, 1.6, 0.05) << "both links: up to 2 Gbit/s";
    EXPECT_NEAR(one / 1e9, 0.98, 0.05) << "one link: its 1 Gbit/s (payload 1400 of 1428 bytes)";
}
