<?php
/**
 * The state per platform shown in the products list and the metabox.
 *
 * @package Stoflow
 */

use PHPUnit\Framework\TestCase;

final class ListingStatesTest extends TestCase {

	private function listing( $platform, $state, $extra = array() ) {
		return array_merge(
			array(
				'platform'  => $platform,
				'state'     => $state,
				'url'       => null,
				'lastError' => null,
			),
			$extra
		);
	}

	public function test_one_state_per_platform_the_most_advanced_winning() {
		$states = Stoflow_Listing_States::per_platform(
			array(
				$this->listing( 'vinted', 'error', array( 'lastError' => 'Photo refused' ) ),
				$this->listing( 'vinted', 'published', array( 'url' => 'https://www.vinted.fr/items/1' ) ),
				$this->listing( 'ebay', 'queued' ),
			)
		);
		$this->assertSame( array( 'vinted', 'ebay' ), array_keys( $states ) );
		$this->assertSame( 'published', $states['vinted']['state'] );
		$this->assertSame( 'https://www.vinted.fr/items/1', $states['vinted']['url'] );
		$this->assertSame( 'queued', $states['ebay']['state'] );
	}

	public function test_platforms_in_a_stable_order_whatever_the_answer_order() {
		$states = Stoflow_Listing_States::per_platform(
			array( $this->listing( 'etsy', 'draft' ), $this->listing( 'vinted', 'sold' ), $this->listing( 'ebay', 'delisted' ) )
		);
		$this->assertSame( array( 'vinted', 'ebay', 'etsy' ), array_keys( $states ) );
	}

	public function test_ignores_malformed_rows() {
		$this->assertSame( array(), Stoflow_Listing_States::per_platform( array( array( 'state' => 'published' ), 'x', null ) ) );
		$this->assertSame( array(), Stoflow_Listing_States::per_platform( null ) );
	}

	public function test_tones_and_labels() {
		$this->assertSame( 'ok', Stoflow_Listing_States::tone( 'published' ) );
		$this->assertSame( 'busy', Stoflow_Listing_States::tone( 'delisting' ) );
		$this->assertSame( 'bad', Stoflow_Listing_States::tone( 'error' ) );
		$this->assertSame( 'off', Stoflow_Listing_States::tone( 'delisted' ) );
		$this->assertSame( 'Not ready', Stoflow_Listing_States::state_label( 'draft' ) );
		$this->assertSame( 'eBay', Stoflow_Listing_States::platform_label( 'ebay' ) );
	}

	public function test_import_percent() {
		$this->assertNull( Stoflow_Listing_States::import_percent( null ) );
		$this->assertNull( Stoflow_Listing_States::import_percent( array( 'total' => null, 'done' => 3, 'failed' => 0 ) ) );
		$this->assertSame( 40, Stoflow_Listing_States::import_percent( array( 'total' => 10, 'done' => 3, 'failed' => 1 ) ) );
		$this->assertSame( 100, Stoflow_Listing_States::import_percent( array( 'total' => 2, 'done' => 5, 'failed' => 0 ) ) );
	}
}
