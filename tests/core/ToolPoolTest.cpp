// Tools are created once per concurrent borrower and lent again when given back.
#include "core/ToolPool.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

TEST(ToolPool, LendsIdleToolsAndCreatesOnlyWhenAllAreLent) {
    int created = 0;
    ToolPool<int> pool([&] { return std::make_unique<int>(++created); });
    const int* firstAddress = nullptr;
    {
        auto first = pool.Lend();
        auto second = pool.Lend();
        EXPECT_EQ(created, 2);
        firstAddress = &*first;
        EXPECT_EQ(pool.IdleCount(), 0u);
    }  // both go back when their borrowers are done
    EXPECT_EQ(pool.IdleCount(), 2u);
    auto again = pool.Lend();
    EXPECT_EQ(&*again, firstAddress);  // the last given back is lent first
    EXPECT_EQ(pool.IdleCount(), 1u);
    EXPECT_EQ(created, 2);
}

TEST(ToolPool, AMovedOrReassignedLoanGoesBackOnce) {
    int created = 0;
    ToolPool<int> pool([&] { return std::make_unique<int>(++created); });
    {
        auto a = pool.Lend();
        auto b = std::move(a);  // the moved-from loan holds nothing to give back
        EXPECT_FALSE(a);
        EXPECT_TRUE(b);
        b = pool.Lend();  // the first tool goes back before the second is held
        EXPECT_EQ(pool.IdleCount(), 1u);
    }
    EXPECT_EQ(pool.IdleCount(), 2u);
    EXPECT_EQ(created, 2);
    ToolPool<int>::Lent empty;
    EXPECT_FALSE(empty);
}

}  // namespace
}  // namespace dossier
