// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_DEGRADATION_H
#define EXPRESSROUTE_FAILURE_DEGRADATION_H

// A link degrades: each packet is lost with LossRate on each side, and the one-way delay grows
// by AddedDelay, until cleared. Any link: a circuit link ('<circuit>/<role>') or a link name
// ('backbone/West Europe--North Europe', 'circuit/c1/primary/access').

#include "expressroute-failure.h"

#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Degradation : public Failure
{
  public:
    bool GetReach(std::vector<std::size_t>& links, std::vector<uint32_t>& nodes) const override
    {
        links.push_back(m_link);
        return true;
    }
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Link; }

  protected:
    std::string DoBind() override;
    void DoStart() override;
    void DoClear() override;

  private:
    std::size_t m_link{0};
    double m_lossRate{0.01};
    Time m_addedDelay;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_DEGRADATION_H
