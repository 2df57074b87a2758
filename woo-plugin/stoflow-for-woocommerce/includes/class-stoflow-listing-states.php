<?php
/**
 * What the engine's listings mean for the products list: one state per platform.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Pure functions over the engine's answers (tested without WordPress).
 */
class Stoflow_Listing_States {

	/**
	 * The platforms shown, in order.
	 */
	const PLATFORMS = array( 'vinted', 'ebay', 'etsy' );

	/**
	 * Readable name of a platform.
	 *
	 * @param string $platform Platform id.
	 * @return string
	 */
	public static function platform_label( $platform ) {
		$labels = array(
			'vinted' => 'Vinted',
			'ebay'   => 'eBay',
			'etsy'   => 'Etsy',
		);
		return isset( $labels[ $platform ] ) ? $labels[ $platform ] : ucfirst( (string) $platform );
	}

	/**
	 * Translated label of a listing state.
	 *
	 * @param string $state Listing state.
	 * @return string
	 */
	public static function state_label( $state ) {
		switch ( $state ) {
			case 'draft':
				return __( 'Not ready', 'stoflow-for-woocommerce' );
			case 'queued':
				return __( 'Queued', 'stoflow-for-woocommerce' );
			case 'publishing':
				return __( 'Publishing', 'stoflow-for-woocommerce' );
			case 'published':
				return __( 'Published', 'stoflow-for-woocommerce' );
			case 'updating':
				return __( 'Updating', 'stoflow-for-woocommerce' );
			case 'delisting':
				return __( 'Delisting', 'stoflow-for-woocommerce' );
			case 'delisted':
				return __( 'Delisted', 'stoflow-for-woocommerce' );
			case 'sold':
				return __( 'Sold', 'stoflow-for-woocommerce' );
			case 'error':
				return __( 'Error', 'stoflow-for-woocommerce' );
			default:
				return (string) $state;
		}
	}

	/**
	 * The state per platform of one product: the most advanced of its listings on each
	 * (several accounts of one marketplace: published wins over an error on another).
	 *
	 * @param array $listings The engine's listings of one product.
	 * @return array<string, array{state: string, url: ?string, error: ?string}> Keyed by platform.
	 */
	public static function per_platform( $listings ) {
		$rank   = array_flip( array( 'delisted', 'draft', 'error', 'delisting', 'queued', 'publishing', 'updating', 'sold', 'published' ) );
		$result = array();
		foreach ( (array) $listings as $listing ) {
			if ( ! is_array( $listing ) || empty( $listing['platform'] ) || empty( $listing['state'] ) ) {
				continue;
			}
			$platform = (string) $listing['platform'];
			$state    = (string) $listing['state'];
			$current  = isset( $result[ $platform ] ) ? $result[ $platform ]['state'] : null;
			$better   = null === $current || ( isset( $rank[ $state ] ) ? $rank[ $state ] : -1 ) > ( isset( $rank[ $current ] ) ? $rank[ $current ] : -1 );
			if ( $better ) {
				$result[ $platform ] = array(
					'state' => $state,
					'url'   => isset( $listing['url'] ) ? $listing['url'] : null,
					'error' => isset( $listing['lastError'] ) ? $listing['lastError'] : null,
				);
			}
		}
		uksort(
			$result,
			static function ( $a, $b ) {
				$order = array_flip( self::PLATFORMS );
				return ( isset( $order[ $a ] ) ? $order[ $a ] : 99 ) - ( isset( $order[ $b ] ) ? $order[ $b ] : 99 );
			}
		);
		return $result;
	}

	/**
	 * CSS modifier of a state: ok, busy, bad or off.
	 *
	 * @param string $state Listing state.
	 * @return string
	 */
	public static function tone( $state ) {
		if ( in_array( $state, array( 'published', 'sold' ), true ) ) {
			return 'ok';
		}
		if ( in_array( $state, array( 'queued', 'publishing', 'updating', 'delisting' ), true ) ) {
			return 'busy';
		}
		if ( in_array( $state, array( 'error', 'draft' ), true ) ) {
			return 'bad';
		}
		return 'off';
	}

	/**
	 * Import progress in percent (0-100), or null while the total is unknown.
	 *
	 * @param array|null $import The engine's lastImport.
	 * @return int|null
	 */
	public static function import_percent( $import ) {
		if ( ! is_array( $import ) || empty( $import['total'] ) ) {
			return null;
		}
		$done = (int) $import['done'] + (int) $import['failed'];
		return (int) max( 0, min( 100, floor( 100 * $done / (int) $import['total'] ) ) );
	}
}
