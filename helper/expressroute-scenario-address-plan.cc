// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-scenario-address-plan.h"

#include "ns3/log.h"

#include <algorithm>
#include <vector>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioAddressPlan");

namespace
{

/// One assigned block.
struct Block
{
    Ipv4Prefix prefix;
    std::string path; ///< "" for the default infrastructure block (not in the document)
    std::string what;
    std::size_t order; ///< document order of path (0 for the default block)

    uint64_t First() const { return prefix.address; }
    uint64_t Last() const { return prefix.address + prefix.Size() - 1; }

    std::string Describe() const
    {
        if (path.empty())
        {
            return what + " " + prefix.ToString() +
                   " (the default; set /simulation/infrastructurePrefix to move it)";
        }
        return what + " " + prefix.ToString() + " at " + path;
    }
};

/// Collects the scenario's blocks, leaving out those with parse errors.
std::vector<Block>
CollectBlocks(const Scenario& s, const ScenarioDiagnostics& diag)
{
    std::vector<Block> blocks;
    auto add = [&blocks, &diag](const Ipv4Prefix& p, const std::string& path, const char* what)
    {
        blocks.push_back(Block{p, path, what, path.empty() ? 0 : diag.OrderOf(path)});
    };
    if (s.simulation.infrastructurePrefix)
    {
        add(*s.simulation.infrastructurePrefix,
            "/simulation/infrastructurePrefix",
            "infrastructure prefix");
    }
    else
    {
        add(DefaultInfrastructurePrefix(), "", "infrastructure prefix");
    }
    for (const auto& site : s.sites)
    {
        // Unparsable prefixes are left out of the list, so indices hold only without errors.
        if (diag.HasErrorAt(site.path + "/prefixes"))
        {
            continue;
        }
        for (std::size_t i = 0; i < site.prefixes.size(); ++i)
        {
            add(site.prefixes[i], JsonPointerChild(site.path + "/prefixes", i), "site prefix");
        }
    }
    for (const auto& v : s.vnets)
    {
        if (diag.HasErrorAt(v.path + "/addressSpace"))
        {
            continue;
        }
        for (std::size_t i = 0; i < v.addressSpace.size(); ++i)
        {
            add(v.addressSpace[i],
                JsonPointerChild(v.path + "/addressSpace", i),
                "VNet address space");
        }
    }
    for (const auto& c : s.circuits)
    {
        for (const auto& p : c.peerings)
        {
            const std::string pair = p.path + "/subnet";
            const std::string primary = p.path + "/primarySubnet";
            const std::string secondary = p.path + "/secondarySubnet";
            if (diag.HasErrorAt(pair) || diag.HasErrorAt(primary) || diag.HasErrorAt(secondary))
            {
                continue;
            }
            if (diag.IsKnownPath(pair))
            {
                // The /29 as given: its two /30 halves never overlap each other.
                add(Ipv4Prefix{p.primarySubnet.address, 29}, pair, "peering subnet");
            }
            else
            {
                add(p.primarySubnet, primary, "peering subnet");
                add(p.secondarySubnet, secondary, "peering subnet");
            }
        }
    }
    for (const auto& g : s.globalReach)
    {
        if (!diag.HasErrorAt(g.path + "/subnet"))
        {
            add(g.subnet, g.path + "/subnet", "Global Reach subnet");
        }
    }
    return blocks;
}

} // namespace

Ipv4Prefix
DefaultInfrastructurePrefix()
{
    return Ipv4Prefix{(100u << 24) | (64u << 16), 10};
}

void
CheckAddressPlan(const Scenario& scenario, ScenarioDiagnostics& diag)
{
    NS_LOG_FUNCTION(scenario.name);
    std::vector<Block> blocks = CollectBlocks(scenario, diag);
    // Prefixes are nested or disjoint: after sorting by start address (shorter first), the open
    // blocks containing the current one form a chain, and the innermost is its nearest
    // overlapping block. One sweep finds every block that overlaps another in O(n log n).
    std::stable_sort(blocks.begin(),
                     blocks.end(),
                     [](const Block& a, const Block& b)
                     {
                         if (a.First() != b.First())
                         {
                             return a.First() < b.First();
                         }
                         if (a.prefix.length != b.prefix.length)
                         {
                             return a.prefix.length < b.prefix.length;
                         }
                         return a.order < b.order;
                     });
    std::vector<const Block*> open;
    for (const auto& b : blocks)
    {
        while (!open.empty() && open.back()->Last() < b.First())
        {
            open.pop_back();
        }
        if (!open.empty())
        {
            const Block* a = open.back();
            // Report at the block the reader meets later; the default block is not in the file.
            const bool aFirst = a->path.empty() || (!b.path.empty() && a->order <= b.order);
            const Block& later = aFirst ? b : *a;
            const Block& earlier = aFirst ? *a : b;
            diag.Error(later.path,
                       later.what + " " + later.prefix.ToString() + " overlaps " +
                           earlier.Describe() + "; address blocks must not overlap");
        }
        open.push_back(&b);
    }
}

} // namespace expressroute
} // namespace ns3
