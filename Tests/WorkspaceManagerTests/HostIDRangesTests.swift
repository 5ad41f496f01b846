import Testing
import WorkspaceManager

/// Host id slices for containers' user namespaces.
@Suite struct HostIDRangesTests {
    @Test func theDefaultsFitTheContainersSubordinateRange() {
        let ranges = HostIDRanges()
        #expect(ranges.capacity == 15)
        #expect(ranges.firstFree(excluding: []) == 200_000)
        let last = 200_000 + 14 * 65_536
        #expect(last + 65_536 <= 1_200_000)
    }

    @Test func slicesInUseAreSkippedAndFreedOnesReused() {
        let ranges = HostIDRanges(start: 1000, count: 400, sliceSize: 100)
        #expect(ranges.firstFree(excluding: [1000]) == 1100)
        #expect(ranges.firstFree(excluding: [1000, 1100, 1200]) == 1300)
        #expect(ranges.firstFree(excluding: [1000, 1200]) == 1100)
        #expect(ranges.firstFree(excluding: [1000, 1100, 1200, 1300]) == nil)
    }

    @Test func anOffsetOverlappingASliceBlocksIt() {
        let ranges = HostIDRanges(start: 1000, count: 300, sliceSize: 100)
        // Recorded by an older setup with another slice size: 1150 overlaps the slices at 1100 and 1200.
        #expect(ranges.firstFree(excluding: [1000, 1150]) == nil)
        #expect(ranges.firstFree(excluding: [1050]) == 1200)
    }

    @Test func aSliceIsFreeOnlyAtASliceStartInsideTheRangeAndUnused() {
        let ranges = HostIDRanges(start: 1000, count: 300, sliceSize: 100)
        #expect(ranges.isFree(1100, excluding: [1000]))
        #expect(!ranges.isFree(1100, excluding: [1100]))
        #expect(!ranges.isFree(1100, excluding: [1150]))
        #expect(!ranges.isFree(1050, excluding: []))
        #expect(!ranges.isFree(900, excluding: []))
        #expect(!ranges.isFree(1300, excluding: []))
    }

    @Test func aRangeTooSmallForOneSliceHasNone() {
        let ranges = HostIDRanges(start: 0, count: 99, sliceSize: 100)
        #expect(ranges.capacity == 0)
        #expect(ranges.firstFree(excluding: []) == nil)
    }

    @Test func manyAllocationsNeverOverlap() {
        let ranges = HostIDRanges()
        var used: Set<Int> = []
        while let offset = ranges.firstFree(excluding: used) { used.insert(offset) }
        #expect(used.count == ranges.capacity)
        let sorted = used.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(b - a >= 65_536) }
    }
}
