// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-scenario-rules.h"

#include "expressroute-geography.h"
#include "expressroute-scenario-address-plan.h"
#include "expressroute-scenario-reachability.h"

#include "ns3/log.h"

#include <algorithm>
#include <map>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioRules");

namespace
{

/// The scenario's top-level lists that the cross-section rules read.
const char* const kTopLevelLists[] = {"/sites", "/providers", "/circuits", "/vnets",
                                      "/globalReach", "/vpnConnections"};

/// Shared state of the checks.
class RuleChecker
{
  public:
    RuleChecker(const Scenario& s, const Geography& geo, ScenarioDiagnostics& diag) :
        m_s(s), m_geo(geo), m_diag(diag)
    {
        for (const auto& site : s.sites)
        {
            m_siteNames.push_back(site.name);
        }
        for (const auto& vnet : s.vnets)
        {
            m_vnetNames.push_back(vnet.name);
        }
        for (const auto& c : s.circuits)
        {
            m_circuitNames.push_back(c.name);
        }
        for (const auto& p : s.providers)
        {
            m_providerNames.push_back(p.name);
        }
    }

    void Run()
    {
        CheckNames();
        CheckReferences();
        for (const auto& c : m_s.circuits)
        {
            CheckCircuit(c);
            CheckScope(c);
            CheckLinkCount(c);
        }
        for (const auto& v : m_s.vnets)
        {
            CheckGateway(v);
        }
        CheckGlobalReach();
        CheckVpnGateways();
        // Whether a site can reach a VNet, and whether the address blocks clash, are questions
        // about the whole document: not asked while a list they read is missing or malformed
        // (that one mistake is reported where it is, without a follow-on error per probe).
        const bool wholeLists = std::none_of(
            std::begin(kTopLevelLists), std::end(kTopLevelLists),
            [this](const char* list) { return m_diag.HasErrorExactlyAt(list); });
        if (wholeLists)
        {
            CheckReachability(m_s, m_diag);
            CheckAddressPlan(m_s, m_diag);
        }
    }

  private:
    /// True when no error was reported at @p path or below: the field can be relied on.
    bool Ok(const std::string& path) const { return !m_diag.HasErrorAt(path); }

    /// The circuit's primary peering location, when known and valid.
    Ptr<PeeringLocation> LocationOf(const CircuitSpec& c) const
    {
        return Ok(c.path + "/peeringLocation") ? m_geo.FindPeeringLocation(c.peeringLocation)
                                               : nullptr;
    }

    /// True when the circuit has a valid AzurePrivate peering.
    bool HasPrivatePeering(const CircuitSpec& c) const
    {
        return std::any_of(c.peerings.begin(),
                           c.peerings.end(),
                           [this](const PeeringSpec& p)
                           { return p.type == PeeringType::AzurePrivate && Ok(p.path + "/type"); });
    }

    /// Global Reach connections that name circuit @p name.
    uint32_t GlobalReachCount(const std::string& name) const
    {
        return static_cast<uint32_t>(std::count_if(
            m_s.globalReach.begin(),
            m_s.globalReach.end(),
            [&name](const auto& g) { return g.circuitA == name || g.circuitB == name; }));
    }

    /// Reports duplicates of @p name within one list (names are in element order).
    template <typename Spec>
    void CheckUnique(const std::vector<Spec>& list, const std::string& what)
    {
        std::map<std::string, std::string> seen;
        for (const auto& e : list)
        {
            if (e.name.empty())
            {
                continue;
            }
            auto [it, fresh] = seen.emplace(e.name, e.path);
            if (!fresh)
            {
                m_diag.Error(e.path + "/name",
                             "duplicate " + what + " name " + Quote(e.name) + "; the first is at " +
                                 it->second);
            }
        }
    }

    void CheckNames()
    {
        CheckUnique(m_s.sites, "site");
        CheckUnique(m_s.providers, "provider");
        CheckUnique(m_s.circuits, "circuit");
        CheckUnique(m_s.vnets, "VNet");
        CheckUnique(m_s.globalReach, "Global Reach");
        CheckUnique(m_s.vpnConnections, "VPN connection");
        CheckUnique(m_s.probes, "probe");
        CheckUnique(m_s.traffic, "traffic");
        for (const auto& v : m_s.vnets)
        {
            if (const SiteSpec* site = v.name.empty() ? nullptr : m_s.FindSite(v.name))
            {
                m_diag.Error(v.path + "/name",
                             "VNet name " + Quote(v.name) + " is also the name of the site at " +
                                 site->path +
                                 "; traffic endpoints name sites and VNets, so names must differ");
            }
        }
    }

    /// Reports @p name at @p path when it is not in @p names. Nothing is reported when the
    /// lists it could name (@p lists, e.g. "/circuits") are themselves missing or not lists:
    /// that one mistake is reported there, without a follow-on error per reference.
    bool CheckReference(const std::string& path,
                        const std::string& name,
                        const std::vector<std::string>& names,
                        const std::string& what,
                        std::initializer_list<const char*> lists)
    {
        if (name.empty() || !Ok(path) || std::find(names.begin(), names.end(), name) != names.end())
        {
            return true;
        }
        for (const char* list : lists)
        {
            if (m_diag.HasErrorExactlyAt(list))
            {
                return true;
            }
        }
        m_diag.Error(path, "unknown " + what + " " + Quote(name) + DidYouMean(name, names));
        return false;
    }

    void CheckReferences()
    {
        std::vector<std::string> endpoints = m_siteNames;
        endpoints.insert(endpoints.end(), m_vnetNames.begin(), m_vnetNames.end());
        for (const auto& c : m_s.circuits)
        {
            CheckReference(c.path + "/site", c.site, m_siteNames, "site", {"/sites"});
            if (m_providerNames.empty() && !c.provider.empty())
            {
                m_diag.Error(c.path + "/provider",
                             "unknown provider " + Quote(c.provider) +
                                 ": the scenario defines no providers; add one under /providers");
            }
            else
            {
                CheckReference(c.path + "/provider", c.provider, m_providerNames, "provider", {"/providers"});
            }
            for (const auto& l : c.vnetLinks)
            {
                CheckReference(l.path + "/vnet", l.vnet, m_vnetNames, "VNet", {"/vnets"});
            }
        }
        for (const auto& g : m_s.globalReach)
        {
            CheckReference(g.path + "/circuits/0", g.circuitA, m_circuitNames, "circuit", {"/circuits"});
            CheckReference(g.path + "/circuits/1", g.circuitB, m_circuitNames, "circuit", {"/circuits"});
        }
        for (const auto& v : m_s.vpnConnections)
        {
            CheckReference(v.path + "/site", v.site, m_siteNames, "site", {"/sites"});
            CheckReference(v.path + "/vnet", v.vnet, m_vnetNames, "VNet", {"/vnets"});
        }
        for (const auto& p : m_s.probes)
        {
            CheckReference(p.path + "/site", p.site, m_siteNames, "site", {"/sites"});
            if (!p.service.empty())
            {
                bool microsoft = false;
                for (const auto& c : m_s.circuits)
                {
                    for (const auto& peering : c.peerings)
                    {
                        microsoft = microsoft || (c.site == p.site &&
                                                  peering.type == PeeringType::Microsoft);
                    }
                }
                if (!microsoft && m_s.FindSite(p.site))
                {
                    m_diag.Error(p.path + "/service",
                                 "site " + Quote(p.site) + " has no circuit with Microsoft "
                                 "peering: the probe could never succeed ("
                                 "https://learn.microsoft.com/azure/expressroute/"
                                 "expressroute-circuit-peerings)");
                }
                continue;
            }
            CheckReference(p.path + "/vnet", p.vnet, m_vnetNames, "VNet", {"/vnets"});
        }
        for (const auto& t : m_s.traffic)
        {
            CheckReference(t.path + "/from", t.from, endpoints, "site or VNet", {"/sites", "/vnets"});
            CheckReference(t.path + "/to", t.to, endpoints, "site or VNet", {"/sites", "/vnets"});
        }
    }

    void CheckCircuit(const CircuitSpec& c)
    {
        const ProviderSpec* provider =
            Ok(c.path + "/provider") ? m_s.FindProvider(c.provider) : nullptr;
        Ptr<PeeringLocation> loc = LocationOf(c);
        const bool direct = provider && provider->kind == ProviderKind::Direct;
        if (provider && c.bandwidthBps != 0 && !IsOfferedBandwidth(c.bandwidthBps, provider->kind))
        {
            std::vector<std::string> offered;
            for (auto bps : direct ? DirectCircuitBandwidths() : ProviderCircuitBandwidths())
            {
                offered.push_back(FormatBandwidth(bps));
            }
            m_diag.Error(c.path + "/bandwidth",
                         FormatBandwidth(c.bandwidthBps) + " is not offered on " +
                             (direct ? "ExpressRoute Direct" : "provider") +
                             " circuits; choose one of " + JoinNames(offered) +
                             " (https://learn.microsoft.com/azure/expressroute/expressroute-faqs)");
        }
        if (direct && loc && !loc->HasErDirect())
        {
            m_diag.Error(c.path + "/peeringLocation",
                         "ExpressRoute Direct ports are not offered at " + loc->GetName() +
                             " ("
                             "https://learn.microsoft.com/azure/expressroute/"
                             "expressroute-erdirect-about)");
        }
        if (loc && Ok(c.path + "/tier") && c.tier == CircuitTier::Local &&
            loc->GetLocalRegions().empty())
        {
            m_diag.Error(c.path + "/tier",
                         "Local is not offered at " + loc->GetName() +
                             ": the location has no Local region ("
                             "https://learn.microsoft.com/azure/expressroute/expressroute-faqs"
                             "); use Standard");
        }
        if (c.secondaryPeeringLocation && loc && Ok(c.path + "/secondaryPeeringLocation"))
        {
            Ptr<PeeringLocation> second = m_geo.FindPeeringLocation(*c.secondaryPeeringLocation);
            const std::string path = c.path + "/secondaryPeeringLocation";
            if (second == loc)
            {
                m_diag.Error(path,
                             "an ExpressRoute Metro circuit puts its two links at two different "
                             "locations of one metro; both are " +
                                 loc->GetName() + " ("
                                                  "https://learn.microsoft.com/azure/expressroute/"
                                                  "metro)");
            }
            else if (second->GetMetro() != loc->GetMetro())
            {
                m_diag.Error(path,
                             "an ExpressRoute Metro circuit puts its two links in one metro: " +
                                 loc->GetName() + " is in " + loc->GetMetro() + ", " +
                                 second->GetName() + " in " + second->GetMetro() +
                                 " (https://learn.microsoft.com/azure/expressroute/metro)");
            }
            else if (direct && !second->HasErDirect())
            {
                m_diag.Error(path,
                             "ExpressRoute Direct ports are not offered at " + second->GetName() +
                                 " ("
                                 "https://learn.microsoft.com/azure/expressroute/"
                                 "expressroute-erdirect-about)");
            }
        }
        if (!c.vnetLinks.empty() && !HasPrivatePeering(c) && Ok(c.path + "/peerings"))
        {
            m_diag.Error(c.path + "/vnetLinks",
                         "VNet links need an AzurePrivate peering on the circuit ("
                         "https://learn.microsoft.com/azure/expressroute/"
                         "expressroute-circuit-peerings"
                         "); add one under peerings");
        }
    }

    /// Rule: SKU scope of VNet links (references.md §1, FAQ, GEO).
    void CheckScope(const CircuitSpec& c)
    {
        Ptr<PeeringLocation> loc = LocationOf(c);
        if (!loc || !Ok(c.path + "/tier") || c.tier == CircuitTier::Premium)
        {
            return;
        }
        if (c.tier == CircuitTier::Local && loc->GetLocalRegions().empty())
        {
            return; // reported by CheckCircuit
        }
        for (const auto& l : c.vnetLinks)
        {
            const VnetSpec* v = Ok(l.path + "/vnet") ? m_s.FindVnet(l.vnet) : nullptr;
            Ptr<Region> region =
                v && Ok(v->path + "/region") ? m_geo.FindRegion(v->region) : nullptr;
            if (!region)
            {
                continue;
            }
            if (c.tier == CircuitTier::Local && !loc->IsLocalRegion(region->GetName()))
            {
                m_diag.Error(l.path,
                             "Local circuit at " + loc->GetName() + " reaches only its Local " +
                                 "region (" + JoinNames(loc->GetLocalRegions()) +
                                 ") and cannot link a VNet in " + region->GetName() +
                                 ": needs Standard or Premium ("
                                 "https://learn.microsoft.com/azure/expressroute/"
                                 "expressroute-faqs)");
            }
            else if (c.tier == CircuitTier::Standard &&
                     region->GetGeopoliticalRegion() != loc->GetGeopoliticalRegion())
            {
                m_diag.Error(l.path,
                             "Standard circuit at " + loc->GetName() + " (" +
                                 loc->GetGeopoliticalRegion() + ") cannot link a VNet in " +
                                 region->GetName() + " (" + region->GetGeopoliticalRegion() +
                                 "): needs Premium ("
                                 "https://learn.microsoft.com/azure/expressroute/"
                                 "expressroute-faqs)");
            }
        }
    }

    /// Rule: VNet links per circuit, Global Reach connections included (references.md §1, LIM).
    void CheckLinkCount(const CircuitSpec& c)
    {
        if (c.bandwidthBps == 0 || !Ok(c.path + "/tier") || c.name.empty())
        {
            return;
        }
        const auto links = static_cast<uint32_t>(c.vnetLinks.size());
        const uint32_t reach = GlobalReachCount(c.name);
        const uint32_t limit = MaxVnetLinks(c.tier, c.bandwidthBps);
        if (links + reach <= limit)
        {
            return;
        }
        std::string msg = std::to_string(links) + " VNet links";
        if (reach > 0)
        {
            msg += " and " + std::to_string(reach) + " Global Reach connection" +
                   (reach == 1 ? "" : "s");
        }
        msg += " exceed the " + std::to_string(limit) + " links a " + ToString(c.tier) + " " +
               FormatBandwidth(c.bandwidthBps) +
               " circuit allows (Global Reach connections count too; "
               "https://learn.microsoft.com/azure/azure-resource-manager/management/"
               "azure-subscription-service-limits#expressroute-limits)";
        if (c.tier != CircuitTier::Premium)
        {
            msg += "; Premium allows " +
                   std::to_string(MaxVnetLinks(CircuitTier::Premium, c.bandwidthBps));
        }
        m_diag.Error(m_diag.IsKnownPath(c.path + "/vnetLinks") ? c.path + "/vnetLinks" : c.path,
                     msg);
    }

    /// Rules: circuits per gateway by SKU and per peering location (references.md §1, LIM, GW).
    void CheckGateway(const VnetSpec& v)
    {
        if (v.name.empty() || !Ok(v.path + "/name"))
        {
            return;
        }
        std::map<std::string, uint32_t> perLocation;
        std::vector<std::string> locations; // distinct, in order of first link
        for (const auto& c : m_s.circuits)
        {
            Ptr<PeeringLocation> loc = LocationOf(c);
            if (!loc)
            {
                continue;
            }
            for (const auto& l : c.vnetLinks)
            {
                if (l.vnet != v.name)
                {
                    continue;
                }
                const uint32_t n = ++perLocation[loc->GetName()];
                if (n == 1)
                {
                    locations.push_back(loc->GetName());
                }
                if (n == kMaxCircuitsSameLocationPerVnet + 1)
                {
                    m_diag.Error(l.path,
                                 "more than " + std::to_string(kMaxCircuitsSameLocationPerVnet) +
                                     " circuits at " + loc->GetName() + " link VNet " +
                                     Quote(v.name) + "; at most " +
                                     std::to_string(kMaxCircuitsSameLocationPerVnet) +
                                     " circuits from one peering location may link one VNet "
                                     "("
                                     "https://learn.microsoft.com/azure/azure-resource-manager/management/"
                                     "azure-subscription-service-limits#expressroute-limits)");
                }
            }
        }
        if (!Ok(v.path + "/gateway"))
        {
            return;
        }
        const uint32_t max =
            GetErGatewaySkuInfo(v.gateway.sku, v.gateway.scaleUnits.value_or(1)).maxCircuits;
        if (locations.size() > max)
        {
            m_diag.Error(v.path + "/gateway/sku",
                         "circuits from " + std::to_string(locations.size()) +
                             " peering locations link this VNet (" + JoinNames(locations) +
                             "); its " + ToString(v.gateway.sku) +
                             " gateway accepts circuits from at most " + std::to_string(max) +
                             " ("
                             "https://learn.microsoft.com/azure/azure-resource-manager/management/"
                             "azure-subscription-service-limits#expressroute-limits)");
        }
    }

    /// Rule: Global Reach placement, tier and peering (references.md §1 and §7, GR, FAQ).
    void CheckGlobalReach()
    {
        std::map<std::pair<std::string, std::string>, std::string> pairs;
        for (const auto& g : m_s.globalReach)
        {
            if (!Ok(g.path + "/circuits"))
            {
                continue;
            }
            const CircuitSpec* ends[2] = {m_s.FindCircuit(g.circuitA), m_s.FindCircuit(g.circuitB)};
            if (!ends[0] || !ends[1])
            {
                continue;
            }
            const auto key = std::minmax(g.circuitA, g.circuitB);
            auto [it, fresh] = pairs.emplace(std::make_pair(key.first, key.second), g.path);
            if (!fresh)
            {
                m_diag.Error(g.path + "/circuits",
                             "circuits " + Quote(g.circuitA) + " and " + Quote(g.circuitB) +
                                 " are already linked by the Global Reach connection at " +
                                 it->second);
                continue;
            }
            for (int k = 0; k < 2; ++k)
            {
                const std::string path = g.path + "/circuits/" + std::to_string(k);
                if (Ok(ends[k]->path + "/tier") && ends[k]->tier == CircuitTier::Local)
                {
                    m_diag.Error(path,
                                 "Global Reach is not available on Local circuits; " +
                                     Quote(ends[k]->name) + " is Local ("
                                                            "https://learn.microsoft.com/azure/expressroute/"
                                                            "expressroute-faqs)");
                }
                if (!HasPrivatePeering(*ends[k]) && Ok(ends[k]->path + "/peerings"))
                {
                    m_diag.Error(path,
                                 Quote(ends[k]->name) +
                                     " has no AzurePrivate peering; Global Reach links the "
                                     "private peerings of two circuits ("
                                     "https://learn.microsoft.com/azure/expressroute/"
                                     "expressroute-global-reach)");
                }
            }
            Ptr<PeeringLocation> a = LocationOf(*ends[0]);
            Ptr<PeeringLocation> b = LocationOf(*ends[1]);
            if (!a || !b)
            {
                continue;
            }
            if (const std::string shared = SharedLocation(*ends[0], *ends[1]); !shared.empty())
            {
                m_diag.Error(g.path + "/circuits",
                             "Global Reach needs circuits at different peering locations; " +
                                 Quote(g.circuitA) + " and " + Quote(g.circuitB) + " are both at " +
                                 shared + " ("
                                                "https://learn.microsoft.com/azure/expressroute/"
                                                "expressroute-global-reach)");
            }
            else if (a->GetGeopoliticalRegion() != b->GetGeopoliticalRegion())
            {
                std::vector<std::string> notPremium;
                for (const CircuitSpec* c : ends)
                {
                    if (Ok(c->path + "/tier") && c->tier != CircuitTier::Premium)
                    {
                        notPremium.push_back(Quote(c->name) + " is " + ToString(c->tier));
                    }
                }
                if (!notPremium.empty())
                {
                    m_diag.Error(g.path + "/circuits",
                                 "Global Reach between " + a->GetName() + " (" +
                                     a->GetGeopoliticalRegion() + ") and " + b->GetName() + " (" +
                                     b->GetGeopoliticalRegion() +
                                     ") needs Premium on both circuits; " + JoinNames(notPremium) +
                                     " ("
                                     "https://learn.microsoft.com/azure/expressroute/"
                                     "expressroute-global-reach)");
                }
            }
        }
    }

    /// True when the two circuits have a link at a common peering location (Metro included).
    /// The peering location two circuits share (a Metro circuit has two), or "".
    std::string SharedLocation(const CircuitSpec& x, const CircuitSpec& y) const
    {
        std::set<std::string> xs{x.peeringLocation};
        if (x.secondaryPeeringLocation)
        {
            xs.insert(*x.secondaryPeeringLocation);
        }
        if (xs.count(y.peeringLocation) > 0)
        {
            return y.peeringLocation;
        }
        if (y.secondaryPeeringLocation && xs.count(*y.secondaryPeeringLocation) > 0)
        {
            return *y.secondaryPeeringLocation;
        }
        return "";
    }

    /// A VNet has one VPN gateway (references.md §6, GW): one SKU, a bounded number of tunnels.
    void CheckVpnGateways()
    {
        std::map<std::string, const VpnConnectionSpec*> first;
        std::map<std::string, uint32_t> tunnels;
        for (const auto& v : m_s.vpnConnections)
        {
            if (v.vnet.empty() || !Ok(v.path + "/sku") || !Ok(v.path + "/vnet"))
            {
                continue;
            }
            auto [it, fresh] = first.emplace(v.vnet, &v);
            if (!fresh && it->second->sku != v.sku)
            {
                m_diag.Error(v.path + "/sku",
                             "VNet " + Quote(v.vnet) + " already has a " +
                                 ToString(it->second->sku) + " VPN gateway (from " +
                                 it->second->path +
                                 "); a VNet has one VPN gateway ("
                                 "https://learn.microsoft.com/azure/expressroute/"
                                 "expressroute-about-virtual-network-gateways)");
                continue;
            }
            const uint32_t max = GetVpnGatewaySkuInfo(it->second->sku).s2sTunnels;
            if (++tunnels[v.vnet] == max + 1)
            {
                m_diag.Error(v.path,
                             "more than " + std::to_string(max) + " site-to-site tunnels on the " +
                                 ToString(it->second->sku) + " VPN gateway of VNet " +
                                 Quote(v.vnet) + " ("
                                                 "https://learn.microsoft.com/azure/expressroute/"
                                                 "expressroute-howto-coexist-resource-manager)");
            }
        }
    }

    const Scenario& m_s;
    const Geography& m_geo;
    ScenarioDiagnostics& m_diag;
    std::vector<std::string> m_siteNames;
    std::vector<std::string> m_vnetNames;
    std::vector<std::string> m_circuitNames;
    std::vector<std::string> m_providerNames;
};

} // namespace

void
CheckScenarioRules(const Scenario& scenario, const Geography& geography, ScenarioDiagnostics& diag)
{
    NS_LOG_FUNCTION(scenario.name);
    RuleChecker(scenario, geography, diag).Run();
    CheckSiteLinks(scenario, diag);
    CheckFailureTargets(scenario, geography, diag);
}

} // namespace expressroute
} // namespace ns3
