// SPDX-License-Identifier: GPL-2.0-only
// ResilienceGraph, part 2: the VPN connections as paths, and the delays of every path, from the
// TopologyBuilder's own delay model (its attributes, the provider's EquipmentDelay, the
// backbone's attachment and access delays), so that the digest's "2x the RTT" is the
// simulator's figure, not a constant of the analysis.
#include "expressroute-backbone.h"
#include "expressroute-connectivity-provider.h"
#include "expressroute-enum-attribute.h"
#include "expressroute-geography.h"
#include "expressroute-region.h"
#include "expressroute-resilience-graph.h"
#include "expressroute-topology-builder.h"

#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

namespace
{

/// Fibre carries light at about 2/3 c: the builder's km-to-delay rule for internet paths
/// (expressroute-vpn-builder.cc).
constexpr double kFibreKmPerSecond = 200000.0;

/// The TopologyBuilder attributes the paths depend on, read from a default builder so that each
/// default stays in its GetTypeId() (Config::SetDefault overrides apply here too).
struct BuilderDelays
{
    double lanS{0};
    double internetBaseS{0};
    double internetStretch{0};
    double internetJitterS{0};
    uint64_t internetBps{0};
};

BuilderDelays
ReadBuilderDelays()
{
    auto builder = CreateObject<TopologyBuilder>();
    TimeValue t;
    DoubleValue d;
    DataRateValue r;
    BuilderDelays out;
    builder->GetAttribute("LanDelay", t);
    out.lanS = t.Get().GetSeconds();
    builder->GetAttribute("InternetBaseDelay", t);
    out.internetBaseS = t.Get().GetSeconds();
    builder->GetAttribute("InternetJitter", t);
    out.internetJitterS = t.Get().GetSeconds();
    builder->GetAttribute("InternetStretch", d);
    out.internetStretch = d.Get();
    builder->GetAttribute("InternetRate", r);
    out.internetBps = r.Get().GetBitRate();
    return out;
}

} // namespace

void
ResilienceGraph::BuildVpns(const Scenario& scenario)
{
    const BuilderDelays delays = ReadBuilderDelays();
    m_lanDelayS = delays.lanS;
    auto vnetIndex = [this](const std::string& name) {
        for (uint32_t i = 0; i < m_vnets.size(); ++i)
        {
            if (m_vnets[i].name == name)
            {
                return i;
            }
        }
        return kNoIndex;
    };
    // One VPN gateway per VNet with connections ("vnet/<vnet>/vpngw", the builder's node), in
    // VNet order; then one internet path per connection, in scenario order.
    std::vector<VpnGatewaySku> sku(m_vnets.size(), VpnGatewaySku::VpnGw1);
    std::vector<char> hasVpn(m_vnets.size(), 0);
    for (const auto& v : scenario.vpnConnections)
    {
        const uint32_t vi = vnetIndex(v.vnet);
        hasVpn[vi] = 1;
        sku[vi] = v.sku; // one SKU per VNet (loader rule 15)
    }
    for (uint32_t i = 0; i < m_vnets.size(); ++i)
    {
        if (hasVpn[i])
        {
            m_vnets[i].vpnGateway =
                AddElement(ElementKind::VpnGateway, "vnet/" + m_vnets[i].name + "/vpngw", i);
        }
    }
    for (uint32_t k = 0; k < scenario.vpnConnections.size(); ++k)
    {
        const auto& spec = scenario.vpnConnections[k];
        ResilienceVpn vpn;
        vpn.name = spec.name;
        vpn.vnet = vnetIndex(spec.vnet);
        for (uint32_t s = 0; s < m_sites.size(); ++s)
        {
            vpn.site = m_sites[s].name == spec.site ? s : vpn.site;
        }
        vpn.sku = sku[vpn.vnet];
        vpn.capacityBps =
            std::min(GetVpnGatewaySkuInfo(vpn.sku).throughputBps, delays.internetBps);
        vpn.ce = m_sites[vpn.site].ces.front(); // the builder terminates tunnels on the first CE
        vpn.internet = AddElement(ElementKind::InternetPath, "internet/" + spec.name, k);
        vpn.gateway = m_vnets[vpn.vnet].vpnGateway;
        // The VPN gateway is the VNet's: it fails with the VNet's region (RegionOutage).
        vpn.elements = {vpn.ce, vpn.internet, vpn.gateway,
                        m_regions[m_vnets[vpn.vnet].region].element};
        std::sort(vpn.elements.begin(), vpn.elements.end());
        // Host link, internet (base + distance x stretch, mean jitter half the largest), the
        // gateway subnet and the VM's link; each way.
        const auto& site = scenario.sites[vpn.site];
        auto region = m_geography->FindRegion(m_regions[m_vnets[vpn.vnet].region].name);
        const double km = Geography::GreatCircleKm(site.latitude,
                                                   site.longitude,
                                                   region->GetLatitude(),
                                                   region->GetLongitude());
        const double internet = delays.internetBaseS +
                                km * delays.internetStretch / kFibreKmPerSecond +
                                delays.internetJitterS / 2;
        vpn.internetS = internet;
        vpn.rttS = 2 * (3 * delays.lanS + internet);
        m_vpns.push_back(std::move(vpn));
    }
}

void
ResilienceGraph::BuildSiteLinks(const Scenario& scenario, Ptr<Backbone> backbone)
{
    auto siteIndex = [this](const std::string& name) {
        for (uint32_t i = 0; i < m_sites.size(); ++i)
        {
            if (m_sites[i].name == name)
            {
                return i;
            }
        }
        return kNoIndex;
    };
    for (uint32_t k = 0; k < scenario.siteLinks.size(); ++k)
    {
        const auto& spec = scenario.siteLinks[k];
        ResilienceSiteLink link;
        link.name = spec.name;
        link.sites = {siteIndex(spec.siteA), siteIndex(spec.siteB)};
        link.bandwidthBps = spec.bandwidthBps;
        const auto& a = scenario.sites[link.sites[0]];
        const auto& b = scenario.sites[link.sites[1]];
        // The builder's rule when the link gives no delay (expressroute-site-link-builder.cc).
        link.delayS = spec.delay
                          .value_or(backbone->GetAttachmentDelay(Geography::GreatCircleKm(
                              a.latitude, a.longitude, b.latitude, b.longitude)))
                          .GetSeconds();
        link.element = AddElement(ElementKind::SiteLink, "wan/" + spec.name, k);
        m_siteLinks.push_back(std::move(link));
    }
}

void
ResilienceGraph::BuildTransitLegs()
{
    // For each site link and each direction, the far site's own legs as seen from the near
    // site: the near site's first CE, the WAN link and the far site's first CE added.
    const std::size_t own = m_legs.size();
    for (uint32_t k = 0; k < m_siteLinks.size(); ++k)
    {
        const auto& link = m_siteLinks[k];
        for (uint32_t side = 0; side < 2; ++side)
        {
            const uint32_t near = link.sites[side];
            const uint32_t far = link.sites[1 - side];
            for (uint32_t l = 0; l < own; ++l)
            {
                if (m_circuits[m_legs[l].circuit].site != far)
                {
                    continue;
                }
                ResilienceLeg leg = m_legs[l];
                leg.siteLink = k;
                leg.viaLeg = l;
                leg.elements.push_back(m_sites[near].ces.front());
                leg.elements.push_back(m_sites[far].ces.front());
                leg.elements.push_back(link.element);
                std::sort(leg.elements.begin(), leg.elements.end());
                leg.elements.erase(std::unique(leg.elements.begin(), leg.elements.end()),
                                   leg.elements.end());
                // The near host's link and the WAN instead of the far host's link.
                leg.edgeDelayS += link.delayS;
                m_legs.push_back(std::move(leg));
            }
        }
    }
}

void
ResilienceGraph::ComputeLegDelays(const Scenario& scenario, Ptr<Backbone> backbone)
{
    for (auto& leg : m_legs)
    {
        const auto& circuit = scenario.circuits[leg.circuit];
        const auto& site = scenario.sites[m_circuits[leg.circuit].site];
        const auto* providerSpec = scenario.FindProvider(circuit.provider);
        ObjectFactory f("ns3::expressroute::ConnectivityProvider");
        f.Set("Kind", EnumClassValue(providerSpec->kind));
        f.Set("Layer", EnumClassValue(providerSpec->layer));
        const double equipment =
            f.Create<ConnectivityProvider>()->GetEquipmentDelay().GetSeconds();
        const std::string& name = m_locations[leg.location].name;
        auto loc = m_geography->FindPeeringLocation(name);
        const double siteKm = Geography::GreatCircleKm(site.latitude,
                                                       site.longitude,
                                                       loc->GetLatitude(),
                                                       loc->GetLongitude());
        // The MSEE's attachment, as the topology builds it (Backbone::GetLocationAttachment,
        // AttachmentFixedDelay on top), or without location links the distance rule.
        double attachS = 0;
        if (const auto attachment = backbone->GetLocationAttachment(name))
        {
            attachS = (attachment->delay + backbone->GetAttachmentDelay(0)).GetSeconds();
        }
        else
        {
            auto attach = m_geography->FindRegion(m_regions[leg.attachRegion].name);
            attachS = backbone
                          ->GetAttachmentDelay(Geography::GreatCircleKm(loc->GetLatitude(),
                                                                        loc->GetLongitude(),
                                                                        attach->GetLatitude(),
                                                                        attach->GetLongitude()))
                          .GetSeconds();
        }
        // The builder's circuit link: distance + equipment; a Layer3 provider's access carries
        // the distance and its PE-MSEE link the fixed part (expressroute-scenario-topology.cc).
        double circuitS = backbone->GetAttachmentDelay(siteKm).GetSeconds() + equipment;
        if (leg.pe != kNoIndex)
        {
            circuitS += backbone->GetAttachmentDelay(0).GetSeconds();
        }
        leg.edgeDelayS =
            m_lanDelayS + circuitS + attachS;
    }
}

} // namespace expressroute
} // namespace ns3
