using CareHub.Domain.Common;

namespace CareHub.Domain.Tests.Common;

public class FractionalIndexTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("V", null)]
    [InlineData(null, "V")]
    [InlineData("V", "W")]
    [InlineData("V", "V1")]
    [InlineData("V", "V0V")]
    [InlineData("1", "10V")]
    [InlineData("z", null)]
    [InlineData("zzz", null)]
    [InlineData(null, "1")]
    [InlineData(null, "01")]
    [InlineData(null, "0001")]
    [InlineData("Vzzz", "W")]
    [InlineData("a", "a00001")]
    public void A_key_between_two_keys_sorts_strictly_between_them_and_is_valid(string? lower, string? upper)
    {
        var key = FractionalIndex.Between(lower, upper);

        FractionalIndex.IsValid(key).ShouldBeTrue(key);
        if (lower is not null)
            string.CompareOrdinal(lower, key).ShouldBeLessThan(0, $"{lower} < {key}");
        if (upper is not null)
            string.CompareOrdinal(key, upper).ShouldBeLessThan(0, $"{key} < {upper}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Thousands_of_inserts_at_random_places_keep_every_key_valid_and_strictly_ordered(int seed)
    {
        var random = new Random(seed);
        var keys = new List<string>();

        for (var i = 0; i < 3000; i++)
        {
            // A quarter at the start, a quarter at the end, the rest anywhere: lanes grow at both ends in real use.
            var place = random.Next(4) switch
            {
                0 => 0,
                1 => keys.Count,
                _ => random.Next(keys.Count + 1),
            };
            var key = FractionalIndex.Between(place == 0 ? null : keys[place - 1], place == keys.Count ? null : keys[place]);
            keys.Insert(place, key);
        }

        keys.ShouldAllBe(k => FractionalIndex.IsValid(k));
        for (var i = 1; i < keys.Count; i++)
            string.CompareOrdinal(keys[i - 1], keys[i]).ShouldBeLessThan(0, $"{keys[i - 1]} before {keys[i]}");
        keys.Max(k => k.Length).ShouldBeLessThan(50);
    }

    [Fact]
    public void A_thousand_cards_added_at_the_end_of_a_lane_keep_short_keys()
    {
        string? last = null;
        var keys = new List<string>();

        for (var i = 0; i < 1000; i++)
            keys.Add(last = FractionalIndex.Between(last, null));

        keys.ShouldAllBe(k => FractionalIndex.IsValid(k));
        keys.ShouldBe(keys.Order(StringComparer.Ordinal));
        keys.Distinct().Count().ShouldBe(1000);
        last!.Length.ShouldBeLessThan(50);
    }

    [Fact]
    public void A_thousand_cards_added_at_the_top_of_a_lane_keep_short_keys()
    {
        string? first = null;
        var keys = new List<string>();

        for (var i = 0; i < 1000; i++)
            keys.Insert(0, first = FractionalIndex.Between(null, first));

        keys.ShouldAllBe(k => FractionalIndex.IsValid(k));
        keys.ShouldBe(keys.Order(StringComparer.Ordinal));
        keys.Distinct().Count().ShouldBe(1000);
        first!.Length.ShouldBeLessThan(50);
    }

    [Fact]
    public void Cards_dropped_again_and_again_just_after_the_same_card_stay_ordered()
    {
        var keys = new List<string> { FractionalIndex.Between(null, null) };
        keys.Add(FractionalIndex.Between(keys[0], null));

        for (var i = 0; i < 500; i++)
            keys.Insert(1, FractionalIndex.Between(keys[0], keys[1]));

        keys.ShouldAllBe(k => FractionalIndex.IsValid(k));
        keys.ShouldBe(keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(12)]
    [InlineData(1000)]
    public void A_sequence_is_strictly_ordered_valid_and_short(int count)
    {
        var keys = FractionalIndex.Sequence(count);

        keys.Count.ShouldBe(count);
        keys.ShouldAllBe(k => FractionalIndex.IsValid(k));
        for (var i = 1; i < keys.Count; i++)
            string.CompareOrdinal(keys[i - 1], keys[i]).ShouldBeLessThan(0);
        if (count > 0)
            keys.Max(k => k.Length).ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public void A_sequence_leaves_room_at_both_ends_and_between_neighbours()
    {
        var keys = FractionalIndex.Sequence(12);

        string.CompareOrdinal(FractionalIndex.Between(null, keys[0]), keys[0]).ShouldBeLessThan(0);
        string.CompareOrdinal(keys[^1], FractionalIndex.Between(keys[^1], null)).ShouldBeLessThan(0);
        var between = FractionalIndex.Between(keys[3], keys[4]);
        string.CompareOrdinal(keys[3], between).ShouldBeLessThan(0);
        string.CompareOrdinal(between, keys[4]).ShouldBeLessThan(0);
    }

    [Theory]
    [InlineData("b", "a")]
    [InlineData("a", "a")]
    [InlineData("V1", "V")]
    public void Bounds_that_are_not_in_order_are_refused(string lower, string upper)
    {
        Should.Throw<ArgumentException>(() => FractionalIndex.Between(lower, upper));
    }

    [Theory]
    [InlineData("a0")]
    [InlineData("a-b")]
    [InlineData("é")]
    [InlineData(" a")]
    public void A_bound_that_is_not_an_order_key_is_refused(string notAKey)
    {
        Should.Throw<ArgumentException>(() => FractionalIndex.Between(notAKey, null));
        Should.Throw<ArgumentException>(() => FractionalIndex.Between(null, notAKey));
    }

    [Theory]
    [InlineData("V", true)]
    [InlineData("0V", true)]
    [InlineData("V0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a b", false)]
    public void Valid_keys_are_base_62_digits_that_do_not_end_in_the_lowest_digit(string? key, bool valid)
    {
        FractionalIndex.IsValid(key).ShouldBe(valid);
    }
}
