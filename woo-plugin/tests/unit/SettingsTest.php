<?php
/**
 * Sanitising the settings: bad input never replaces a good saved value.
 *
 * @package Stoflow
 */

use PHPUnit\Framework\TestCase;

final class SettingsTest extends TestCase {

	protected function setUp(): void {
		stoflow_test_reset();
		$GLOBALS['stoflow_test']['options'] = array(
			'stoflow_engine_url' => 'https://app.stoflow.io',
			'stoflow_site_token' => 'sfs_saved_token_0123456789abcdef',
		);
	}

	public function test_keeps_an_http_or_https_address_without_its_trailing_slash() {
		$this->assertSame( 'http://localhost:3000', Stoflow_Settings::sanitize_engine_url( ' http://localhost:3000/ ' ) );
		$this->assertSame( 'https://stoflow.example.org/base', Stoflow_Settings::sanitize_engine_url( 'https://stoflow.example.org/base/' ) );
		$this->assertSame( array(), $GLOBALS['stoflow_test']['settings_errors'] );
	}

	/**
	 * @dataProvider bad_addresses
	 */
	public function test_refuses_what_is_not_an_address_and_keeps_the_saved_one( $value ) {
		$this->assertSame( 'https://app.stoflow.io', Stoflow_Settings::sanitize_engine_url( $value ) );
		$this->assertCount( 1, $GLOBALS['stoflow_test']['settings_errors'] );
	}

	public function bad_addresses() {
		return array( array( '' ), array( 'ftp://files.example' ), array( 'javascript:alert(1)' ), array( 'not an address' ) );
	}

	public function test_an_empty_token_field_keeps_the_saved_token() {
		$this->assertSame( 'sfs_saved_token_0123456789abcdef', Stoflow_Settings::sanitize_site_token( '' ) );
	}

	public function test_a_new_token_replaces_the_saved_one() {
		$this->assertSame( 'sfs_new-token_0123456789abcdef', Stoflow_Settings::sanitize_site_token( " sfs_new-token_0123456789abcdef\n" ) );
	}

	public function test_refuses_what_is_not_a_site_token() {
		foreach ( array( 'sfk_an_api_key_0123456789abcdef', 'sfs_short', 'sfs_with spaces 0123456789abcdefghij' ) as $value ) {
			$this->assertSame( 'sfs_saved_token_0123456789abcdef', Stoflow_Settings::sanitize_site_token( $value ) );
		}
		$this->assertCount( 3, $GLOBALS['stoflow_test']['settings_errors'] );
	}
}
