<?php
/**
 * The engine client: what it sends, and how answers and failures come back.
 *
 * @package Stoflow
 */

use PHPUnit\Framework\TestCase;

final class EngineClientTest extends TestCase {

	protected function setUp(): void {
		stoflow_test_reset();
	}

	private function client() {
		return new Stoflow_Engine_Client( 'https://engine.example/', 'sfs_abcdefghijklmnopqrstuvwxyz' );
	}

	public function test_sends_the_site_token_and_json_to_the_engine_path() {
		$GLOBALS['stoflow_test']['responses'][] = stoflow_test_response( 202, array( 'listings' => array() ) );
		$answer                                 = $this->client()->post( '/api/v1/site/products/12/publish', array( 'platforms' => array( 'vinted' ) ) );
		$this->assertSame( array( 'listings' => array() ), $answer );
		$sent = $GLOBALS['stoflow_test']['requests'][0];
		$this->assertSame( 'https://engine.example/api/v1/site/products/12/publish', $sent['url'] );
		$this->assertSame( 'POST', $sent['args']['method'] );
		$this->assertSame( 'Bearer sfs_abcdefghijklmnopqrstuvwxyz', $sent['args']['headers']['Authorization'] );
		$this->assertSame( 'application/json', $sent['args']['headers']['Content-Type'] );
		$this->assertSame( '{"platforms":["vinted"]}', $sent['args']['body'] );
	}

	public function test_an_empty_body_is_sent_as_an_empty_json_object() {
		$GLOBALS['stoflow_test']['responses'][] = stoflow_test_response( 202, array() );
		$this->client()->post( '/api/v1/site/products/3/delist', array() );
		$this->assertSame( '{}', $GLOBALS['stoflow_test']['requests'][0]['args']['body'] );
	}

	public function test_a_get_sends_no_body_and_a_204_answers_an_empty_array() {
		$GLOBALS['stoflow_test']['responses'][] = stoflow_test_response( 204, '' );
		$this->assertSame( array(), $this->client()->delete( '/api/v1/site' ) );
		$this->assertArrayNotHasKey( 'body', $GLOBALS['stoflow_test']['requests'][0]['args'] );
	}

	public function test_a_problem_answer_becomes_an_error_with_its_detail() {
		$GLOBALS['stoflow_test']['responses'][] = stoflow_test_response(
			409,
			array(
				'type'   => 'https://stoflow.app/problems/no-channel-account',
				'title'  => 'Conflict',
				'status' => 409,
				'detail' => 'Connect a vinted account before publishing.',
			),
			'application/problem+json'
		);
		$error = $this->client()->post( '/api/v1/site/products/1/publish', array() );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 'stoflow_no-channel-account', $error->get_error_code() );
		$this->assertSame( 'Connect a vinted account before publishing.', $error->get_error_message() );
		$this->assertSame( 409, $error->get_error_data()['status'] );
	}

	public function test_a_refused_token_says_what_to_do() {
		$GLOBALS['stoflow_test']['responses'][] = stoflow_test_response( 401, array( 'title' => 'Unauthorized' ) );
		$error                                  = $this->client()->get( '/api/v1/site' );
		$this->assertStringContainsString( 'site token', $error->get_error_message() );
	}

	public function test_an_answer_without_a_problem_body_still_reads() {
		$GLOBALS['stoflow_test']['responses'][] = stoflow_test_response( 502, '<html>Bad gateway</html>', 'text/html' );
		$error                                  = $this->client()->get( '/api/v1/site' );
		$this->assertSame( 'Stoflow answered with an error (HTTP 502).', $error->get_error_message() );
	}

	public function test_an_unreachable_engine_is_named_in_the_error() {
		$GLOBALS['stoflow_test']['responses'][] = new WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' );
		$error                                  = $this->client()->get( '/api/v1/site' );
		$this->assertSame( 'stoflow_unreachable', $error->get_error_code() );
		$this->assertStringContainsString( 'https://engine.example', $error->get_error_message() );
		$this->assertStringContainsString( 'Failed to connect', $error->get_error_message() );
	}

	public function test_without_a_token_nothing_is_sent() {
		$client = new Stoflow_Engine_Client( 'https://engine.example', '' );
		$this->assertFalse( $client->is_configured() );
		$this->assertSame( 'stoflow_not_configured', $client->get( '/api/v1/site' )->get_error_code() );
		$this->assertSame( array(), $GLOBALS['stoflow_test']['requests'] );
	}

	public function test_from_settings_reads_the_saved_options() {
		$GLOBALS['stoflow_test']['options'] = array(
			'stoflow_engine_url' => 'http://localhost:3000/',
			'stoflow_site_token' => 'sfs_abcdefghijklmnopqrstuvwxyz',
		);
		$GLOBALS['stoflow_test']['responses'][] = stoflow_test_response( 200, array( 'ok' => true ) );
		Stoflow_Engine_Client::from_settings()->get( '/api/v1/site' );
		$this->assertSame( 'http://localhost:3000/api/v1/site', $GLOBALS['stoflow_test']['requests'][0]['url'] );
	}
}
