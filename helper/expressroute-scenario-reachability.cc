// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-scenario-reachability.h"

#include "ns3/log.h"

#include <algorithm>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioReachability");

namespace
{

/// The paths a scenario's circuits, VPN connections and Global Reach connections provide.
class PathFinder
{
  public:
    PathFinder(const Scenario& s, ScenarioDiagnostics& diag) : m_s(s), m_diag(diag) {}

    void Check()
    {
        if (!PathsComplete())
        {
            return; // the errors already reported explain any missing path
        }
        for (const auto& p : m_s.probes)
        {
            if (p.service.empty() && m_s.FindSite(p.site) && m_s.FindVnet(p.vnet) &&
                !Connected(p.site, p.vnet))
            {
                m_diag.Error(p.path,
                             Unreachable(p.site, p.vnet) + ": the probe could never succeed");
            }
        }
        for (const auto& t : m_s.traffic)
        {
            CheckTraffic(t);
        }
    }

  private:
    bool Ok(const std::string& path) const { return !m_diag.HasErrorAt(path); }

    static bool Links(const CircuitSpec& c, const std::string& vnet)
    {
        return std::any_of(c.vnetLinks.begin(),
                           c.vnetLinks.end(),
                           [&vnet](const VnetLinkSpec& l) { return l.vnet == vnet; });
    }

    /// @p site and the sites its WAN (site links, hop by hop) reaches: their CEs pass each
    /// other private peering's routes.
    std::set<std::string> WanSites(const std::string& site) const
    {
        std::set<std::string> seen{site};
        std::vector<std::string> todo{site};
        while (!todo.empty())
        {
            const std::string at = todo.back();
            todo.pop_back();
            for (const auto& l : m_s.siteLinks)
            {
                const std::string* other =
                    l.siteA == at ? &l.siteB : (l.siteB == at ? &l.siteA : nullptr);
                if (other && seen.insert(*other).second)
                {
                    todo.push_back(*other);
                }
            }
        }
        return seen;
    }

    /// True when site @p site reaches VNet @p vnet through a circuit link (its own or, over
    /// the WAN, another site's) or a VPN connection.
    bool Connected(const std::string& site, const std::string& vnet) const
    {
        const auto sites = WanSites(site);
        for (const auto& c : m_s.circuits)
        {
            if (sites.count(c.site) && Links(c, vnet))
            {
                return true;
            }
        }
        return std::any_of(m_s.vpnConnections.begin(),
                           m_s.vpnConnections.end(),
                           [&](const VpnConnectionSpec& v)
                           { return v.site == site && v.vnet == vnet; });
    }

    /// True when Global Reach links a circuit of site @p a with a circuit of site @p b.
    bool ReachConnected(const std::string& a, const std::string& b) const
    {
        for (const auto& g : m_s.globalReach)
        {
            const CircuitSpec* x = m_s.FindCircuit(g.circuitA);
            const CircuitSpec* y = m_s.FindCircuit(g.circuitB);
            if (x && y && ((x->site == a && y->site == b) || (x->site == b && y->site == a)))
            {
                return true;
            }
        }
        return false;
    }

    std::string Unreachable(const std::string& site, const std::string& vnet) const
    {
        return "site " + Quote(site) + " has no circuit linking VNet " + Quote(vnet) +
               " and no VPN connection to it";
    }

    /// True when every circuit link, VPN connection and Global Reach connection was read
    /// without errors: only then can a missing path be told from a mistyped one.
    bool PathsComplete() const
    {
        for (const auto& c : m_s.circuits)
        {
            if (!Ok(c.path + "/name") || !Ok(c.path + "/site") || !Ok(c.path + "/vnetLinks"))
            {
                return false;
            }
        }
        for (const auto& v : m_s.vpnConnections)
        {
            if (!Ok(v.path + "/site") || !Ok(v.path + "/vnet"))
            {
                return false;
            }
        }
        for (const auto& g : m_s.globalReach)
        {
            if (!Ok(g.path + "/circuits"))
            {
                return false;
            }
        }
        return std::all_of(m_s.siteLinks.begin(),
                           m_s.siteLinks.end(),
                           [this](const SiteLinkSpec& l) { return Ok(l.path + "/sites"); });
    }

    /// Both sites have a VPN connection to one VNet: its VPN gateway passes routes and traffic
    /// between the tunnels.
    bool VpnConnected(const std::string& a, const std::string& b) const
    {
        for (const auto& va : m_s.vpnConnections)
        {
            for (const auto& vb : m_s.vpnConnections)
            {
                if (va.site == a && vb.site == b && va.vnet == vb.vnet)
                {
                    return true;
                }
            }
        }
        return false;
    }

    void CheckTraffic(const TrafficSpec& t)
    {
        if (!Ok(t.path + "/from") || !Ok(t.path + "/to") || t.from.empty() || t.to.empty())
        {
            return;
        }
        if (t.from == t.to)
        {
            m_diag.Error(t.path + "/to", "from and to name the same endpoint");
            return;
        }
        const bool fromSite = m_s.FindSite(t.from) != nullptr;
        const bool toSite = m_s.FindSite(t.to) != nullptr;
        if (!fromSite && !toSite)
        {
            m_diag.Error(t.path,
                         "traffic between two VNets is not modelled: one endpoint must be a "
                         "site");
        }
        else if (fromSite && toSite && !ReachConnected(t.from, t.to) &&
                 !VpnConnected(t.from, t.to) && !WanSites(t.from).count(t.to))
        {
            m_diag.Error(t.path,
                         "sites " + Quote(t.from) + " and " + Quote(t.to) +
                             " are joined by no Global Reach connection between their "
                             "circuits, no site link, and have no VPN connections to a common VNet: the "
                             "traffic could never arrive ("
                             "https://learn.microsoft.com/azure/expressroute/"
                             "expressroute-howto-coexist-resource-manager)");
        }
        else if (fromSite != toSite)
        {
            const std::string& site = fromSite ? t.from : t.to;
            const std::string& vnet = fromSite ? t.to : t.from;
            if (!Connected(site, vnet))
            {
                m_diag.Error(t.path, Unreachable(site, vnet) + ": the traffic could never arrive");
            }
        }
    }

    const Scenario& m_s;
    ScenarioDiagnostics& m_diag;
};

} // namespace

void
CheckReachability(const Scenario& scenario, ScenarioDiagnostics& diag)
{
    NS_LOG_FUNCTION(scenario.name);
    PathFinder(scenario, diag).Check();
}

} // namespace expressroute
} // namespace ns3
