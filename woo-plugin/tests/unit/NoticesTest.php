<?php
/**
 * Notices survive the redirect after an action, are shown once, and are escaped.
 *
 * @package Stoflow
 */

use PHPUnit\Framework\TestCase;

final class NoticesTest extends TestCase {

	protected function setUp(): void {
		stoflow_test_reset();
	}

	public function test_shows_queued_notices_once_escaped() {
		Stoflow_Notices::add( 'success', 'Queued for Vinted.' );
		Stoflow_Notices::add_error( new WP_Error( 'stoflow_x', 'Bad <b>thing</b> & more' ) );
		ob_start();
		Stoflow_Notices::render();
		$html = ob_get_clean();
		$this->assertStringContainsString( '<div class="notice notice-success is-dismissible stoflow-notice"><p>Queued for Vinted.</p></div>', $html );
		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( 'Bad &lt;b&gt;thing&lt;/b&gt; &amp; more', $html );
		ob_start();
		Stoflow_Notices::render();
		$this->assertSame( '', ob_get_clean() );
	}

	public function test_notices_belong_to_their_user() {
		Stoflow_Notices::add( 'info', 'For user 7' );
		$GLOBALS['stoflow_test']['user_id'] = 8;
		ob_start();
		Stoflow_Notices::render();
		$this->assertSame( '', ob_get_clean() );
	}

	public function test_an_unknown_type_is_shown_as_info() {
		ob_start();
		Stoflow_Notices::print_notice( 'evil" onmouseover="x', 'Hello' );
		$this->assertStringContainsString( 'notice-info', ob_get_clean() );
	}
}
